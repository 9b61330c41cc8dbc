//! A customer as the use cases know them: found from a checked contact
//! token or made by a widget session, never a store row.

use crate::store::rows::ContactRow;
use switchboard_types::ContactRef;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
}

impl From<ContactRow> for Customer {
    fn from(row: ContactRow) -> Self {
        Customer {
            id: row.id,
            name: row.name,
            email: row.email,
        }
    }
}

impl From<Customer> for ContactRef {
    fn from(customer: Customer) -> Self {
        ContactRef {
            id: customer.id,
            name: customer.name,
            email: customer.email,
        }
    }
}
