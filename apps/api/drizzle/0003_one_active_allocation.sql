-- Hand-added: a database that already holds two current allocations for one referral (the race
-- this index closes) keeps the earliest and ends the others, so the index can be built.
UPDATE `allocations` SET `ended_at` = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE `ended_at` IS NULL AND EXISTS (
  SELECT 1 FROM `allocations` AS `earlier`
  WHERE `earlier`.`referral_id` = `allocations`.`referral_id` AND `earlier`.`ended_at` IS NULL
    AND (`earlier`.`allocated_at` < `allocations`.`allocated_at`
      OR (`earlier`.`allocated_at` = `allocations`.`allocated_at` AND `earlier`.`id` < `allocations`.`id`))
);--> statement-breakpoint
CREATE UNIQUE INDEX `allocations_one_active` ON `allocations` (`referral_id`) WHERE ended_at is null;
