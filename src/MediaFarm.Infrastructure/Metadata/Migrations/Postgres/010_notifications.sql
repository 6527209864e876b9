-- In-app notifications: one per user and title and kind, whatever redelivers the event.
CREATE TABLE notifications (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL,
    title_id       TEXT NOT NULL,
    kind           TEXT NOT NULL,
    message        TEXT NOT NULL,
    created_at_ms  BIGINT NOT NULL,
    UNIQUE (user_id, title_id, kind)
);
CREATE INDEX ix_notifications_user ON notifications (user_id, created_at_ms);
