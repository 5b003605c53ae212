//! Validation rules for price files. (Filled in by the loader work.)
