//! Shared support for the API tests.
