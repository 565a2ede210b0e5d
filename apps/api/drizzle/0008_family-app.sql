CREATE TABLE `family_access` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`child_id` text NOT NULL,
	`carer_id` text,
	`relationship` text NOT NULL,
	`kind` text NOT NULL,
	`permissions` text NOT NULL,
	`status` text NOT NULL,
	`invited_by` text NOT NULL,
	`invited_at` text NOT NULL,
	`accepted_at` text,
	`ends_at` text,
	`end_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `family_accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`carer_id`) REFERENCES `carers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `family_access_account_child` ON `family_access` (`account_id`,`child_id`);--> statement-breakpoint
CREATE INDEX `family_access_child` ON `family_access` (`child_id`);--> statement-breakpoint
CREATE TABLE `family_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL,
	`disabled_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `family_accounts_email` ON `family_accounts` (`email`);--> statement-breakpoint
CREATE TABLE `family_challenges` (
	`id` text PRIMARY KEY NOT NULL,
	`purpose` text NOT NULL,
	`challenge` text NOT NULL,
	`invitation_hash` text,
	`account_id` text,
	`expires_at` text NOT NULL,
	`used_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `family_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `family_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `family_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `family_codes_account` ON `family_codes` (`account_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `family_invitations` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`access_id` text NOT NULL,
	`via` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	`voided_at` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`access_id`) REFERENCES `family_access`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `family_invitations_access` ON `family_invitations` (`access_id`);--> statement-breakpoint
CREATE TABLE `family_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`access_id` text NOT NULL,
	`kind` text NOT NULL,
	`body` text,
	`created_at` text NOT NULL,
	`read_at` text,
	`read_by` text,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`access_id`) REFERENCES `family_access`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`read_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `family_messages_child` ON `family_messages` (`child_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `family_passkeys` (
	`credential_id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`public_key` text NOT NULL,
	`counter` integer DEFAULT 0 NOT NULL,
	`transports` text,
	`device_type` text,
	`backed_up` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `family_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `family_passkeys_account` ON `family_passkeys` (`account_id`);--> statement-breakpoint
CREATE TABLE `family_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`method` text NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`ended_at` text,
	FOREIGN KEY (`account_id`) REFERENCES `family_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `family_sessions_account` ON `family_sessions` (`account_id`);--> statement-breakpoint
CREATE TABLE `practice_record_revisions` (
	`id` text PRIMARY KEY NOT NULL,
	`record_id` text NOT NULL,
	`version` integer NOT NULL,
	`tries` integer,
	`successes` integer,
	`practised` integer NOT NULL,
	`note` text,
	`entered_by` text,
	`entered_by_family` text,
	`entered_at` text NOT NULL,
	FOREIGN KEY (`record_id`) REFERENCES `practice_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entered_by_family`) REFERENCES `family_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `practice_revisions_record_version` ON `practice_record_revisions` (`record_id`,`version`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_practice_records` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`target_id` text NOT NULL,
	`date` text NOT NULL,
	`recorded_by` text NOT NULL,
	`tries` integer,
	`successes` integer,
	`practised` integer DEFAULT true NOT NULL,
	`note` text,
	`entered_by` text,
	`entered_by_family` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_id`) REFERENCES `play_plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entered_by_family`) REFERENCES `family_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_practice_records`("id", "child_id", "plan_id", "target_id", "date", "recorded_by", "tries", "successes", "practised", "note", "entered_by", "entered_by_family", "version", "created_at", "updated_at") SELECT "id", "child_id", "plan_id", "target_id", "date", "recorded_by", "tries", "successes", "practised", "note", "entered_by", NULL, "version", "created_at", "updated_at" FROM `practice_records`;--> statement-breakpoint
DROP TABLE `practice_records`;--> statement-breakpoint
ALTER TABLE `__new_practice_records` RENAME TO `practice_records`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `practice_target_date` ON `practice_records` (`target_id`,`date`);--> statement-breakpoint
CREATE INDEX `practice_child_date` ON `practice_records` (`child_id`,`date`);--> statement-breakpoint
CREATE INDEX `practice_plan` ON `practice_records` (`plan_id`);