DROP INDEX `disclosures_routine_notice`;--> statement-breakpoint
ALTER TABLE `disclosures` ADD `cancelled_at` text;--> statement-breakpoint
CREATE UNIQUE INDEX `disclosures_routine_notice` ON `disclosures` (`child_id`,`recipient_id`) WHERE what = 'routine-notice' and cancelled_at is null;