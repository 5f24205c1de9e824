ALTER TABLE "user_avatars" ALTER COLUMN "data" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "user_avatars" ADD COLUMN "small" "bytea";--> statement-breakpoint
ALTER TABLE "user_avatars" ADD COLUMN "large" "bytea";--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "attributes" jsonb DEFAULT '{}'::jsonb NOT NULL;