CREATE TABLE `consents` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`kind` text NOT NULL,
	`given_by_name` text NOT NULL,
	`given_by_relationship` text NOT NULL,
	`given_on` text NOT NULL,
	`recorded_as` text NOT NULL,
	`heard_by` text,
	`covers` text,
	`recipient_ids` text,
	`purposes` text,
	`withdrawn_on` text,
	`recorded_by` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consents_child` ON `consents` (`child_id`,`kind`);--> statement-breakpoint
CREATE TABLE `disclosures` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`recipient_id` text NOT NULL,
	`professional_id` text,
	`what` text NOT NULL,
	`description` text,
	`purpose` text NOT NULL,
	`basis` text NOT NULL,
	`consent_id` text,
	`exception` text,
	`channel` text NOT NULL,
	`disclosed_on` text NOT NULL,
	`disclosed_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`professional_id`) REFERENCES `professionals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`consent_id`) REFERENCES `consents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`disclosed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `disclosures_child` ON `disclosures` (`child_id`,`disclosed_on`);--> statement-breakpoint
CREATE TABLE `professionals` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`role` text NOT NULL,
	`name` text,
	`organisation` text,
	`contact` text,
	`source` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `professionals_child` ON `professionals` (`child_id`);