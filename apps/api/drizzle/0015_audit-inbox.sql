-- The audit trail in two tables (ADR 0064). Every event is first committed into `audit_inbox`,
-- which has no index but its ids, so a commit writes the page or two its rows fill; the API moves
-- events from it in batches into `audit_archive` (the trail until now, with its indexes), where a
-- batch writes each index page once. `audit_events` is both, one sequence of ids, for every read.
ALTER TABLE `audit_events` RENAME TO `audit_archive`;
--> statement-breakpoint
CREATE TABLE `audit_inbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor_id` text,
	`actor_role` text,
	`action` text NOT NULL,
	`record_type` text,
	`record_id` text,
	`outcome` text NOT NULL,
	`request` text,
	`address` text,
	`reason` text
);
--> statement-breakpoint
-- The inbox's ids go on from the trail's: one sequence for the whole trail.
INSERT INTO `sqlite_sequence` (`name`, `seq`)
  SELECT 'audit_inbox', max(coalesce((SELECT `seq` FROM `sqlite_sequence` WHERE `name` = 'audit_archive'), 0), coalesce((SELECT max(`id`) FROM `audit_archive`), 0));
--> statement-breakpoint
CREATE VIEW `audit_events` AS
  SELECT `id`, `at`, `actor_id`, `actor_role`, `action`, `record_type`, `record_id`, `outcome`, `request`, `address`, `reason` FROM `audit_archive`
  UNION ALL
  SELECT `id`, `at`, `actor_id`, `actor_role`, `action`, `record_type`, `record_id`, `outcome`, `request`, `address`, `reason` FROM `audit_inbox`;
--> statement-breakpoint
-- An event written to the trail goes to the inbox, with an id of the inbox's.
CREATE TRIGGER `audit_events_insert` INSTEAD OF INSERT ON `audit_events`
BEGIN
  INSERT INTO `audit_inbox` (`at`, `actor_id`, `actor_role`, `action`, `record_type`, `record_id`, `outcome`, `request`, `address`, `reason`)
  VALUES (new.`at`, new.`actor_id`, new.`actor_role`, new.`action`, new.`record_type`, new.`record_id`, new.`outcome`, new.`request`, new.`address`, new.`reason`);
END;
--> statement-breakpoint
-- The trail is append-only (migration 0001), read through the view as through its tables.
CREATE TRIGGER `audit_trail_no_update` INSTEAD OF UPDATE ON `audit_events`
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_trail_no_delete` INSTEAD OF DELETE ON `audit_events`
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only');
END;
--> statement-breakpoint
-- Append-only, as the archive is (migration 0001): no event in the inbox is changed...
CREATE TRIGGER `audit_inbox_no_update` BEFORE UPDATE ON `audit_inbox`
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only');
END;
--> statement-breakpoint
-- ...and none leaves it but into the archive: only once the archive holds the same event, whole.
CREATE TRIGGER `audit_inbox_moved_only` BEFORE DELETE ON `audit_inbox`
WHEN NOT EXISTS (
  SELECT 1 FROM `audit_archive` AS a WHERE a.`id` = old.`id` AND a.`at` = old.`at`
    AND a.`actor_id` IS old.`actor_id` AND a.`actor_role` IS old.`actor_role` AND a.`action` = old.`action`
    AND a.`record_type` IS old.`record_type` AND a.`record_id` IS old.`record_id` AND a.`outcome` = old.`outcome`
    AND a.`request` IS old.`request` AND a.`address` IS old.`address` AND a.`reason` IS old.`reason`
)
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only: an event leaves the inbox only into the archive');
END;
