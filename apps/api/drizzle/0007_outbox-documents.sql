ALTER TABLE `disclosures` ADD `email_address` text;--> statement-breakpoint
ALTER TABLE `disclosures` ADD `idempotency_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `disclosures_idempotency_unique` ON `disclosures` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `disclosures_routine_notice` ON `disclosures` (`child_id`,`recipient_id`) WHERE what = 'routine-notice';--> statement-breakpoint
ALTER TABLE `outbox` ADD `child_id` text REFERENCES children(id);--> statement-breakpoint
ALTER TABLE `outbox` ADD `disclosure_id` text REFERENCES disclosures(id);--> statement-breakpoint
ALTER TABLE `outbox` ADD `document` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `document_name` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `claimed_at` text;--> statement-breakpoint
CREATE INDEX `outbox_disclosure` ON `outbox` (`disclosure_id`);