"""The mail tests' SMTP server policy: aiosmtpd's Maildir handler, plus the recipient refusals a real server makes.

Started by ./test.sh: python3 -m aiosmtpd -c guichet_test_smtp.RefusingMailbox MAILDIR (with this folder on PYTHONPATH).
Addresses in these domains are refused at RCPT TO, as a real server refuses them; any other address is accepted and
its message filed in the Maildir.

With GUICHET_TEST_IMAP_MAILDIRS set (./test.sh sets it to the IMAP server's mail folder), each message is also
delivered to every recipient's own Maildir there, as a mail server's local delivery would: the folder is named after
the address in lower case without its +tag (support+T000001.x@h.example goes to support@h.example), with the
Delivered-To and Return-Path headers such a delivery adds. The IMAP server (Dovecot) serves those folders.
"""

import copy
import mailbox
import os

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

    def handle_message(self, message):
        super().handle_message(message)
        root = os.environ.get("GUICHET_TEST_IMAP_MAILDIRS")
        if not root:
            return
        sender = message.get("X-MailFrom", "")
        for recipient in (message.get("X-RcptTo") or "").split(","):
            recipient = recipient.strip()
            if "@" not in recipient:
                continue
            local, _, domain = recipient.rpartition("@")
            folder = (local.split("+", 1)[0] + "@" + domain).lower()
            delivered = copy.deepcopy(message)
            for header in ("X-Peer", "X-MailFrom", "X-RcptTo"):
                del delivered[header]
            delivered["Delivered-To"] = recipient
            delivered["Return-Path"] = "<" + sender + ">"
            mailbox.Maildir(os.path.join(root, folder), create=True).add(delivered)
