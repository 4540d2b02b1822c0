//! The workbooks the office sends out (rust_xlsxwriter). Placeholder: being written.
