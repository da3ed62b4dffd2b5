-- Demo content (issue 12): users the `npm start` demo seed made up, so clients can badge their styles as
-- demo. Every existing user is a real one (the earlier seed's two demo users were never artists).
ALTER TABLE "users" ADD COLUMN "is_demo" boolean DEFAULT false NOT NULL;
