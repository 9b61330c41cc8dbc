-- A customer whose identifier the host site once signed stays verified:
-- from then on only a signed claim of that identifier reaches them.
-- (Customers identified before this column existed start unverified; their
-- next signed session marks them.)
ALTER TABLE contacts ADD COLUMN identity_verified BOOLEAN NOT NULL DEFAULT FALSE;
