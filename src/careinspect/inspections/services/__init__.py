"""Business operations on inspections; views and API endpoints call these and nothing else changes state."""
