-- Finding customers by e-mail in any case (an import names them so).
CREATE INDEX contacts_email ON contacts (LOWER(email));
