CREATE TABLE `calendar_feeds` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `calendar_feeds_user` ON `calendar_feeds` (`user_id`);--> statement-breakpoint
CREATE TABLE `cases` (
	`child_id` text PRIMARY KEY NOT NULL,
	`home_visit_notes` text,
	`missed_visits_flagged_on` text,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `developmental_profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`recorded_on` text NOT NULL,
	`entries` text NOT NULL,
	`recorded_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `profiles_child` ON `developmental_profiles` (`child_id`,`recorded_on`);--> statement-breakpoint
CREATE TABLE `play_plan_revisions` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`version` integer NOT NULL,
	`change` text NOT NULL,
	`document` text NOT NULL,
	`changed_by` text NOT NULL,
	`changed_at` text NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `play_plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`changed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_revisions_version` ON `play_plan_revisions` (`plan_id`,`version`);--> statement-breakpoint
CREATE TABLE `play_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`status` text NOT NULL,
	`document` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plans_child` ON `play_plans` (`child_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `plans_one_open` ON `play_plans` (`child_id`) WHERE status <> 'completed';--> statement-breakpoint
CREATE TABLE `practice_records` (
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
	`entered_by` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_id`) REFERENCES `play_plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `practice_target_date` ON `practice_records` (`target_id`,`date`);--> statement-breakpoint
CREATE INDEX `practice_child_date` ON `practice_records` (`child_id`,`date`);--> statement-breakpoint
CREATE INDEX `practice_plan` ON `practice_records` (`plan_id`);--> statement-breakpoint
CREATE TABLE `visits` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`block_id` text NOT NULL,
	`planned_date` text NOT NULL,
	`date` text NOT NULL,
	`time` text NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`family_focus` text,
	`structured_teaching` text,
	`child_led_play` text,
	`targets_worked_on` text,
	`practise_next` text,
	`duration_minutes` integer,
	`note` text,
	`recorded_by` text,
	`recorded_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_id`) REFERENCES `play_plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `visits_block_date` ON `visits` (`block_id`,`planned_date`);--> statement-breakpoint
CREATE INDEX `visits_child_date` ON `visits` (`child_id`,`date`);--> statement-breakpoint
CREATE INDEX `visits_plan` ON `visits` (`plan_id`,`block_id`);