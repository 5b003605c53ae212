//! Engine tests: a fixture catalogue, golden tests (one per shape, whole scenarios), reference tests
//! against LibreOffice and numpy-financial, validation tests and property tests.

mod budget;
mod fixture;
mod golden;
mod properties;
mod reference;
mod tax;
mod validation;
