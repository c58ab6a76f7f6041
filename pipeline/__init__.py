"""From an inbox of filled workbooks to official tables and the county roll-up."""
