CREATE TABLE `list_versions` (
	`name` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `list_versions` (`name`, `version`) VALUES ('waiting-list', 0);
--> statement-breakpoint
CREATE TRIGGER `waiting_list_referral_added` AFTER INSERT ON `referrals` WHEN new.status = 'waiting'
BEGIN UPDATE `list_versions` SET `version` = `version` + 1 WHERE `name` = 'waiting-list'; END;
--> statement-breakpoint
CREATE TRIGGER `waiting_list_referral_changed` AFTER UPDATE ON `referrals` WHEN old.status = 'waiting' OR new.status = 'waiting'
BEGIN UPDATE `list_versions` SET `version` = `version` + 1 WHERE `name` = 'waiting-list'; END;
--> statement-breakpoint
CREATE TRIGGER `waiting_list_referral_removed` AFTER DELETE ON `referrals` WHEN old.status = 'waiting'
BEGIN UPDATE `list_versions` SET `version` = `version` + 1 WHERE `name` = 'waiting-list'; END;
--> statement-breakpoint
CREATE TRIGGER `waiting_list_child_changed` AFTER UPDATE ON `children`
BEGIN UPDATE `list_versions` SET `version` = `version` + 1 WHERE `name` = 'waiting-list'; END;
