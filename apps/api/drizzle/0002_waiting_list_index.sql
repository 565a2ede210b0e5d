DROP INDEX `referrals_status`;--> statement-breakpoint
ALTER TABLE `referrals` ADD `in_setting` integer;--> statement-breakpoint
-- Hand-added: fill the new column from the answers already stored.
UPDATE `referrals` SET `in_setting` = (json_extract(`answers`, '$.attendsSetting') = 'yes');--> statement-breakpoint
CREATE INDEX `referrals_waiting` ON `referrals` (`status`,`updated_at`,`id`,`child_id`,`reference`,`received_at`,`accepted_on`,`complexity`,`had_portage_before`,`other_specialist_support`,`in_setting`);
