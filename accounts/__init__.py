"""People and what they may do: roles, password hashing, sign-in with rate limiting, sessions that expire
and can be revoked, the access rules over calls. Rows live in ``storage.accounts``.

    service   Accounts: sign in / out, bootstrap the first admin, add users, change passwords
    policy    who may see which call and add which user
    roles     Role, Principal (the signed-in person, or the local user of single-user mode)
    settings  AccountSettings (environment variables)
"""
