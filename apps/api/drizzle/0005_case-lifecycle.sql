CREATE TABLE `block_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`block_id` text NOT NULL,
	`reviewed_on` text NOT NULL,
	`celebrations` text NOT NULL,
	`next_focus` text NOT NULL,
	`decision` text NOT NULL,
	`summary` text NOT NULL,
	`profile_id` text,
	`recorded_by` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_id`) REFERENCES `play_plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`profile_id`) REFERENCES `developmental_profiles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `block_reviews_block` ON `block_reviews` (`block_id`);--> statement-breakpoint
CREATE INDEX `block_reviews_child` ON `block_reviews` (`child_id`);--> statement-breakpoint
CREATE TABLE `exits` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`referral_id` text NOT NULL,
	`reason_id` text NOT NULL,
	`exited_on` text NOT NULL,
	`destination` text,
	`note` text,
	`transition_report` text,
	`recorded_by` text NOT NULL,
	`created_at` text NOT NULL,
	`reopened_at` text,
	`reopened_by` text,
	`reopen_reason` text,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reopened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `exits_child` ON `exits` (`child_id`);--> statement-breakpoint
CREATE TABLE `goal_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`goal_id` text NOT NULL,
	`reviewed_on` text NOT NULL,
	`outcome` text NOT NULL,
	`note` text,
	`coordinator_id` text,
	`recorded_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_id`) REFERENCES `play_plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`coordinator_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `goal_reviews_child` ON `goal_reviews` (`child_id`,`goal_id`);--> statement-breakpoint
CREATE TABLE `monitoring_visits` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`referral_id` text NOT NULL,
	`date` text NOT NULL,
	`time` text,
	`status` text NOT NULL,
	`note` text,
	`recorded_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `monitoring_child` ON `monitoring_visits` (`child_id`,`date`);--> statement-breakpoint
CREATE TABLE `transition_plans` (
	`child_id` text PRIMARY KEY NOT NULL,
	`setting_name` text NOT NULL,
	`setting_type` text NOT NULL,
	`start_date` text NOT NULL,
	`people_involved` text,
	`notes` text,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `allocations` ADD `end_reason` text;--> statement-breakpoint
ALTER TABLE `allocations` ADD `handover_note` text;--> statement-breakpoint
ALTER TABLE `visits` ADD `kind` text DEFAULT 'home' NOT NULL;--> statement-breakpoint
ALTER TABLE `visits` ADD `place` text;