"""The mail tests' SMTP server policy: aiosmtpd's Maildir handler, plus the recipient refusals a real server makes.

Started by ./test.sh: python3 -m aiosmtpd -c guichet_test_smtp.RefusingMailbox MAILDIR (with this folder on PYTHONPATH).
Addresses in these domains are refused at RCPT TO, as a real server refuses them; any other address is accepted and
its message filed in the Maildir.
"""

from aiosmtpd.handlers import Mailbox

REFUSALS = {
    # The mailbox does not exist: a permanent refusal of this address (enhanced status 5.1.1).
    "inconnu.example": "550 5.1.1 Recipient address rejected: User unknown",
    # A permanent refusal that is not about the address (a relay's policy, which an operator may change).
    "refuse.example": "554 5.7.1 Recipient address rejected: Access denied",
    # Try again later (greylisting, a full or busy mailbox).
    "occupe.example": "450 4.2.1 Mailbox busy, try again later",
}


class RefusingMailbox(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = REFUSALS.get(address.rpartition("@")[2].lower())
        if refusal is not None:
            return refusal
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"
