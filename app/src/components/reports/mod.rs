//! Reports on the team's work, each a dialog from the top bar's menus:
//! customer satisfaction (admins see everyone's, agents their own).

mod satisfaction;

pub use satisfaction::SatisfactionDialog;
