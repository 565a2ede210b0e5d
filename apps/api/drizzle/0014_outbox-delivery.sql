ALTER TABLE `outbox` ADD `delivery` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `delivery_checked_at` text;--> statement-breakpoint
CREATE INDEX `outbox_delivery` ON `outbox` (`status`,`delivery`,`sent_at`);