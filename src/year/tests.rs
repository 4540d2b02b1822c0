//! Unit tests of the year stage.
