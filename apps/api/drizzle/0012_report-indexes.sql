CREATE INDEX `visits_by_date` ON `visits` (`date`,`child_id`,`status`,`block_id`);--> statement-breakpoint
CREATE INDEX `visits_held` ON `visits` (`child_id`,`date`) WHERE status = 'held';