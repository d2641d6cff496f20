-- Revision: 3e76e0000001
-- Revises: b10000000002, 5ea4c0000001
-- Message: merge billing and search
-- Created: 2026-11-05T09:00:00Z

-- +upgrade

-- +downgrade
