-- Issue 15. Each alert as it was published on the alerts topic: its JSON, without an acknowledgement (published
-- alerts carry none), stored once by the projection as the record's bytes. A list writes it through as it is instead
-- of rebuilding it from the columns, which stay for the filters, acknowledgements, CAP and the rebuilt routing state.
-- Null on alerts projected before this migration: those are still read from their columns.
ALTER TABLE alert ADD COLUMN body text;
