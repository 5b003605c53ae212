//! Reading `pricing-data/` into a `Catalog`. (Filled in by the loader work.)
