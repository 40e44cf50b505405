//! Analytics (issue #16): the desk's numbers for a period in the admin's time zone, as a PNG
//! dashboard, a short summary and a CSV. Shared by the setup bot ([Analytics] on the connection
//! card) and the relay (`/stats` in the General topic).
//!
//! The numbers are SQL aggregations (`storage::Analytics`); this crate computes the days'
//! boundaries in the time zone, folds the per-day rows into totals and the weekday × hour grid,
//! and draws.

pub mod chart;
pub mod dashboard;
pub mod period;
pub mod summary;

pub use chart::{ChartError, render_png};
pub use dashboard::{Dashboard, Operator, OperatorRow, Totals};
pub use period::{Period, Window, Zone};
pub use summary::{csv, summary};
