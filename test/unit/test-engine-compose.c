/* Unit tests for engine/compose: replies, forwards, subjects and the text a person edits. */
#include "check.h"
#include "check-mail.h"

#include <stdlib.h>

#include "engine/compose.h"
#include "util/str.h"
#include "util/xalloc.h"

static const char parent_plain[] =
    "From: Anne Example <anne@example.test>\r\n"
    "To: Me <me@example.test>, bob@example.test\r\n"
    "Cc: carol@example.test\r\n"
    "Subject: Re: Lunch\r\n"
    "Date: Sun, 22 Nov 2026 10:04:05 +0100\r\n"
    "Message-ID: <p3@example.test>\r\n"
    "In-Reply-To: <p2@example.test>\r\n"
    "References: <p1@example.test> <p2@example.test>\r\n"
    "\r\n"
    "Shall we meet at noon?\r\n"
    "\r\n"
    "> Lunch tomorrow?\r\n"
    "Anne\r\n";

static const struct eng_identity me = { "Me Myself <me@example.test>", NULL };

/* ---- subjects ---- */

static void
subject_is(char *got, const char *want)
{
	CHECK_STR_EQ(got, want);
	free(got);
}

TEST(reply_subject_gets_one_re_however_many_it_had)
{
	subject_is(eng_subject_reply("Lunch"), "Re: Lunch");
	subject_is(eng_subject_reply("Re: Re: Lunch"), "Re: Lunch");
	subject_is(eng_subject_reply("RE: re: Lunch"), "Re: Lunch");
	subject_is(eng_subject_reply("Aw: AW: Lunch"), "Re: Lunch");
	subject_is(eng_subject_reply("Re[2]: Re(3): Lunch"), "Re: Lunch");
	subject_is(eng_subject_reply("  Re :  Lunch "), "Re: Lunch");
	subject_is(eng_subject_reply("Reply: Lunch"), "Re: Reply: Lunch");
	subject_is(eng_subject_reply("Re: Fwd: Lunch"), "Re: Fwd: Lunch");
	subject_is(eng_subject_reply("Re[x]: Lunch"), "Re: Re[x]: Lunch");
	subject_is(eng_subject_reply(NULL), "Re:");
}

TEST(forward_subject_gets_one_fwd_however_many_it_had)
{
	subject_is(eng_subject_forward("Lunch"), "Fwd: Lunch");
	subject_is(eng_subject_forward("Fwd: FW: fwd: Lunch"), "Fwd: Lunch");
	subject_is(eng_subject_forward("WG: Lunch"), "Fwd: Lunch");
	subject_is(eng_subject_forward("Re: Lunch"), "Fwd: Re: Lunch");
	subject_is(eng_subject_forward(""), "Fwd:");
}

/* ---- replies ---- */

TEST(reply_goes_to_the_author_with_thread_ids)
{
	struct eng_draft d;
	struct err e;

	CHECK_INT_EQ(eng_draft_reply(&d, parent_plain, strlen(parent_plain), &me, 0, &e), 0);
	CHECK_STR_EQ(d.from.email, "me@example.test");
	CHECK_STR_EQ(d.from.name, "Me Myself");
	CHECK_INT_EQ(d.to.len, 1);
	CHECK_STR_EQ(email_at(&d.to, 0), "anne@example.test");
	CHECK_STR_EQ(name_at(&d.to, 0), "Anne Example");
	CHECK_INT_EQ(d.cc.len, 0);
	CHECK_STR_EQ(d.subject, "Re: Lunch");
	CHECK_STR_EQ(d.in_reply_to, "p3@example.test");
	CHECK_INT_EQ(strvec_len(&d.references), 3);
	CHECK_STR_EQ(strvec_get(&d.references, 0), "p1@example.test");
	CHECK_STR_EQ(strvec_get(&d.references, 2), "p3@example.test");
	eng_draft_free(&d);
}

TEST(reply_references_fall_back_to_in_reply_to)
{
	static const char parent[] = "From: a@example.test\nMessage-ID: <m2@x>\n"
	    "In-Reply-To: <m1@x>\n\nhi\n";
	struct eng_draft d;
	struct err e;

	CHECK_INT_EQ(eng_draft_reply(&d, parent, strlen(parent), NULL, 0, &e), 0);
	CHECK_INT_EQ(strvec_len(&d.references), 2);
	CHECK_STR_EQ(strvec_get(&d.references, 0), "m1@x");
	CHECK_STR_EQ(strvec_get(&d.references, 1), "m2@x");
	CHECK(d.from.email == NULL);
	eng_draft_free(&d);
}

TEST(reply_references_keep_the_first_and_latest_ids_of_a_long_thread)
{
	struct buf parent = BUF_INIT;
	struct eng_draft d;
	struct err e;

	buf_adds(&parent, "From: a@example.test\nMessage-ID: <last@x>\nReferences:");
	for (int i = 0; i < 30; i++)
		buf_addf(&parent, "\n <r%d@x>", i);
	buf_adds(&parent, "\n\nhi\n");
	CHECK_INT_EQ(eng_draft_reply(&d, parent.data, parent.len, &me, 0, &e), 0);
	CHECK_INT_EQ(strvec_len(&d.references), ENG_REFS_MAX);
	CHECK_STR_EQ(strvec_get(&d.references, 0), "r0@x");
	CHECK_STR_EQ(strvec_get(&d.references, 1), "r12@x");
	CHECK_STR_EQ(strvec_get(&d.references, ENG_REFS_MAX - 2), "r29@x");
	CHECK_STR_EQ(strvec_get(&d.references, ENG_REFS_MAX - 1), "last@x");
	eng_draft_free(&d);
	buf_free(&parent);
}

TEST(reply_quotes_the_body_under_an_attribution)
{
	struct eng_draft d;
	struct err e;

	CHECK_INT_EQ(eng_draft_reply(&d, parent_plain, strlen(parent_plain), &me, 0, &e), 0);
	CHECK_STR_EQ(buf_cstr(&d.body),
	    "On Sun, 22 Nov 2026 10:04:05 +0100, Anne Example wrote:\n"
	    "> Shall we meet at noon?\n"
	    ">\n"
	    ">> Lunch tomorrow?\n"
	    "> Anne\n"
	    "\n");
	eng_draft_free(&d);
}

TEST(reply_quotes_an_html_only_parent_as_text)
{
	static const char parent[] =
	    "From: shop@example.test\n"
	    "Subject: Your order\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: text/html; charset=utf-8\n"
	    "\n"
	    "<html><body><p>Your order <b>shipped</b>.</p><p>Thanks</p></body></html>\n";
	struct eng_draft d;
	struct err e;

	CHECK_INT_EQ(eng_draft_reply(&d, parent, strlen(parent), &me, 0, &e), 0);
	CHECK(str_starts_with(buf_cstr(&d.body),
	    "shop@example.test wrote:\n> Your order shipped."));
	CHECK(strstr(buf_cstr(&d.body), "> Thanks\n") != NULL);
	CHECK(strchr(buf_cstr(&d.body), '<') == NULL);
	eng_draft_free(&d);
}

TEST(reply_decodes_a_non_ascii_parent)
{
	static const char parent[] =
	    "From: =?iso-8859-1?q?J=FCrgen_M=FCller?= <juergen@example.test>\n"
	    "Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\n"
	    "Date: Mon, 2 Mar 2026 08:00:00 +0000\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=iso-8859-1\n"
	    "Content-Transfer-Encoding: quoted-printable\n"
	    "\n"
	    "Sch=F6ne Gr=FC=DFe aus K=F6ln\n";
	struct eng_draft d;
	struct err e;

	CHECK_INT_EQ(eng_draft_reply(&d, parent, strlen(parent), &me, 0, &e), 0);
	CHECK_STR_EQ(d.subject, "Re: Grüße");
	CHECK_STR_EQ(name_at(&d.to, 0), "Jürgen Müller");
	CHECK_STR_EQ(buf_cstr(&d.body), "On Mon, 2 Mar 2026 08:00:00 +0000, Jürgen Müller "
	    "wrote:\n> Schöne Grüße aus Köln\n\n");
	eng_draft_free(&d);
}

TEST(reply_goes_to_reply_to_when_there_is_one)
{
	static const char parent[] =
	    "From: Anne <anne@example.test>\nReply-To: Team <team@example.test>\n"
	    "To: me@example.test\nSubject: x\n\nhi\n";
	struct eng_draft d;
	struct err e;

	CHECK_INT_EQ(eng_draft_reply(&d, parent, strlen(parent), &me, 0, &e), 0);
	CHECK_INT_EQ(d.to.len, 1);
	CHECK_STR_EQ(email_at(&d.to, 0), "team@example.test");
	CHECK_INT_EQ(d.cc.len, 0);
	eng_draft_free(&d);
}

TEST(reply_all_leaves_out_own_addresses_and_repeats)
{
	static const char parent[] =
	    "From: Anne <anne@example.test>\n"
	    "To: me@example.test, Bob <bob@example.test>, Bob Again <BOB@Example.TEST>\n"
	    "Cc: ME2@Example.Test, carol@example.test, ANNE@example.test, Me <Me@Example.Test>\n"
	    "Subject: x\n\nhi\n";
	struct strvec alt = STRVEC_INIT;
	struct eng_identity id = { "Me <me@example.test>", &alt };
	struct eng_draft d;
	struct err e;

	strvec_push(&alt, "Second <me2@example.test>");
	CHECK_INT_EQ(eng_draft_reply(&d, parent, strlen(parent), &id, ENG_REPLY_ALL, &e), 0);
	CHECK_INT_EQ(d.to.len, 1);
	CHECK_STR_EQ(email_at(&d.to, 0), "anne@example.test");
	CHECK_INT_EQ(d.cc.len, 2);
	CHECK_STR_EQ(email_at(&d.cc, 0), "bob@example.test");
	CHECK_STR_EQ(email_at(&d.cc, 1), "carol@example.test");
	eng_draft_free(&d);
	strvec_free(&alt);
}

TEST(reply_all_follows_mail_followup_to)
{
	static const char parent[] =
	    "From: Anne <anne@example.test>\nTo: list@example.test\nCc: bob@example.test\n"
	    "Mail-Followup-To: list@example.test, me@example.test\nSubject: x\n\nhi\n";
	struct eng_draft d;
	struct err e;

	CHECK_INT_EQ(eng_draft_reply(&d, parent, strlen(parent), &me, ENG_REPLY_ALL, &e), 0);
	CHECK_INT_EQ(d.to.len, 1);
	CHECK_STR_EQ(email_at(&d.to, 0), "list@example.test");
	CHECK_INT_EQ(d.cc.len, 0);
	eng_draft_free(&d);
	/* a plain reply still goes to the author */
	CHECK_INT_EQ(eng_draft_reply(&d, parent, strlen(parent), &me, 0, &e), 0);
	CHECK_STR_EQ(email_at(&d.to, 0), "anne@example.test");
	eng_draft_free(&d);
}

TEST(reply_to_own_message_goes_to_its_recipients)
{
	static const char parent[] =
	    "From: Me <ME@example.test>\nTo: Bob <bob@example.test>\n"
	    "Cc: carol@example.test\nSubject: x\n\nhi\n";
	static const char note[] = "From: me@example.test\nTo: me@example.test\n\nnote\n";
	struct eng_draft d;
	struct err e;

	CHECK_INT_EQ(eng_draft_reply(&d, parent, strlen(parent), &me, 0, &e), 0);
	CHECK_INT_EQ(d.to.len, 1);
	CHECK_STR_EQ(email_at(&d.to, 0), "bob@example.test");
	CHECK_INT_EQ(d.cc.len, 0);
	eng_draft_free(&d);
	CHECK_INT_EQ(eng_draft_reply(&d, parent, strlen(parent), &me, ENG_REPLY_ALL, &e), 0);
	CHECK_STR_EQ(email_at(&d.to, 0), "bob@example.test");
	CHECK_INT_EQ(d.cc.len, 1);
	CHECK_STR_EQ(email_at(&d.cc, 0), "carol@example.test");
	eng_draft_free(&d);
	CHECK_INT_EQ(eng_draft_reply(&d, note, strlen(note), &me, ENG_REPLY_ALL, &e), 0);
	CHECK_INT_EQ(d.to.len, 1);
	CHECK_STR_EQ(email_at(&d.to, 0), "me@example.test");
	eng_draft_free(&d);
}

TEST(reply_refuses_an_unusable_own_address)
{
	struct eng_identity bad = { "Me <me@example.test>\r\nBcc: x@y", NULL };
	struct eng_draft d;
	struct err e;

	CHECK_INT_EQ(eng_draft_reply(&d, parent_plain, strlen(parent_plain), &bad, 0, &e), -1);
	CHECK(strstr(e.msg, "account") != NULL);
	eng_draft_free(&d);
}

TEST(reply_builds_into_a_threaded_message)
{
	struct eng_draft d;
	struct buf out = BUF_INIT;
	struct seen x;
	struct err e;

	CHECK_INT_EQ(eng_draft_reply(&d, parent_plain, strlen(parent_plain), &me, ENG_REPLY_ALL,
	    &e), 0);
	CHECK_INT_EQ(eng_draft_build(&d, 0, &out, &e), 0);
	CHECK(is_wire_clean(&out));
	see(&x, &out);
	CHECK_STR_EQ(x.s.in_reply_to, "p3@example.test");
	CHECK_INT_EQ(strvec_len(&x.s.references), 3);
	CHECK_STR_EQ(x.s.subject, "Re: Lunch");
	CHECK_STR_EQ(email_at(&x.s.cc, 0), "bob@example.test");
	CHECK_STR_EQ(email_at(&x.s.cc, 1), "carol@example.test");
	CHECK(strstr(buf_cstr(&x.text), ">> Lunch tomorrow?\n") != NULL);
	unsee(&x);
	buf_free(&out);
	eng_draft_free(&d);
}

/* ---- forwards ---- */

static const char parent_mixed[] =
    "From: Anne Example <anne@example.test>\r\n"
    "To: Me <me@example.test>\r\n"
    "Subject: Fwd: Report\r\n"
    "Date: Sun, 22 Nov 2026 10:04:05 +0100\r\n"
    "Message-ID: <rep@example.test>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
    "\r\n"
    "--b1\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "The report is attached.\r\n"
    "--b1\r\n"
    "Content-Type: application/pdf; name=\"report.pdf\"\r\n"
    "Content-Disposition: attachment; filename=\"report.pdf\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "JVBERi0xLjQKJcfsj6IK\r\n"
    "--b1--\r\n";

TEST(forward_inline_shows_the_parent_and_carries_its_attachments)
{
	struct eng_draft d;
	struct buf out = BUF_INIT;
	struct seen x;
	struct vec atts = VEC_INIT(struct mime_part *);
	struct err e;

	CHECK_INT_EQ(eng_draft_forward(&d, parent_mixed, strlen(parent_mixed), &me,
	    ENG_FORWARD_INLINE, &e), 0);
	CHECK_STR_EQ(d.subject, "Fwd: Report");
	CHECK_INT_EQ(d.to.len, 0);
	CHECK(d.in_reply_to == NULL);
	CHECK_STR_EQ(buf_cstr(&d.body),
	    "\n---------- Forwarded message ----------\n"
	    "From: Anne Example <anne@example.test>\n"
	    "Date: Sun, 22 Nov 2026 10:04:05 +0100\n"
	    "Subject: Fwd: Report\n"
	    "To: Me <me@example.test>\n"
	    "\n"
	    "The report is attached.\n");
	CHECK_INT_EQ(d.attachments.len, 1);
	CHECK_STR_EQ(VEC_AT(&d.attachments, struct eng_attachment, 0)->name, "report.pdf");
	CHECK_MEM_EQ(VEC_AT(&d.attachments, struct eng_attachment, 0)->data.data,
	    VEC_AT(&d.attachments, struct eng_attachment, 0)->data.len,
	    "%PDF-1.4\n%\xc7\xec\x8f\xa2\n", (size_t)15);
	CHECK_INT_EQ(eng_draft_add_addrs(&d, ENG_TO, "bob@example.test", &e), 0);
	CHECK_INT_EQ(eng_draft_build(&d, 0, &out, &e), 0);
	see(&x, &out);
	mime_render_attachments(&atts, &x.m);
	CHECK_INT_EQ(atts.len, 1);
	CHECK(strstr(buf_cstr(&x.text), "The report is attached.") != NULL);
	vec_free(&atts);
	unsee(&x);
	buf_free(&out);
	eng_draft_free(&d);
}

/* The forwarded message part of a built forward, decoded, must be parent exactly. */
static void
attached_is_exact(const char *parent, size_t len, const char *name)
{
	struct eng_draft d;
	struct buf out = BUF_INIT, got = BUF_INIT;
	struct seen x;
	struct err e;
	const struct mime_part *p;

	CHECK_INT_EQ(eng_draft_forward(&d, parent, len, &me, ENG_FORWARD_ATTACH, &e), 0);
	CHECK_INT_EQ(d.body.len, 0);
	CHECK_INT_EQ(eng_draft_add_addrs(&d, ENG_TO, "bob@example.test", &e), 0);
	CHECK_INT_EQ(eng_draft_build(&d, 0, &out, &e), 0);
	CHECK(is_wire_clean(&out));
	see(&x, &out);
	/* the forward has no text of its own: the message is its only part */
	p = mime_part_find(&x.m, "1");
	CHECK(p != NULL && p->is_message && mime_part_is_attachment(p));
	if (p != NULL) {
		CHECK_STR_EQ(mime_part_filename(p), name);
		mime_part_decode(p, &got);
		CHECK_MEM_EQ(got.data, got.len, parent, len);
	}
	CHECK_STR_EQ(x.s.subject, "Fwd: Report");
	buf_free(&got);
	unsee(&x);
	buf_free(&out);
	eng_draft_free(&d);
}

TEST(forward_attached_keeps_the_parent_bytes_exactly)
{
	static const char eight_bit[] = "From: anne@example.test\nSubject: Report\n"
	    "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
	    "Grüße\n";

	attached_is_exact(parent_mixed, strlen(parent_mixed), "Fwd: Report.eml");
	attached_is_exact(eight_bit, strlen(eight_bit), "Report.eml");
}

/* ---- the text a person edits ---- */

TEST(draft_text_is_written_and_read_back_the_same)
{
	static const char want[] =
	    "From: Me Myself <me@example.test>\n"
	    "To: \"Doe, John\" <john@example.test>, Jürgen Groß <j@example.test>, "
	    "\"A \\\"quoted\\\" one\" <q@example.test>\n"
	    "Cc: \n"
	    "Bcc: b@example.test\n"
	    "Subject: Grüße\n"
	    "\n"
	    "Hello\n";
	struct eng_draft d, back;
	struct buf text = BUF_INIT, again = BUF_INIT;
	struct err e;

	eng_draft_init(&d);
	CHECK_INT_EQ(eng_draft_set_from(&d, "Me Myself <me@example.test>", &e), 0);
	CHECK_INT_EQ(eng_draft_add_addrs(&d, ENG_TO, "\"Doe, John\" <john@example.test>, "
	    "Jürgen Groß <j@example.test>, \"A \\\"quoted\\\" one\" <q@example.test>", &e), 0);
	CHECK_INT_EQ(eng_draft_add_addrs(&d, ENG_BCC, "b@example.test", &e), 0);
	d.subject = xstrdup("Grüße");
	CHECK_INT_EQ(eng_draft_set_body(&d, "Hello\n", 6, &e), 0);
	eng_draft_to_text(&d, &text);
	CHECK_STR_EQ(buf_cstr(&text), want);
	eng_draft_init(&back);
	CHECK_INT_EQ(eng_draft_from_text(&back, text.data, text.len, &e), 0);
	CHECK_STR_EQ(name_at(&back.to, 2), "A \"quoted\" one");
	CHECK_STR_EQ(name_at(&back.to, 0), "Doe, John");
	eng_draft_to_text(&back, &again);
	CHECK_STR_EQ(buf_cstr(&again), want);
	buf_free(&text);
	buf_free(&again);
	eng_draft_free(&back);
	eng_draft_free(&d);
}

TEST(draft_text_edit_keeps_thread_ids_and_reads_continuation_lines)
{
	static const char edited[] =
	    "from: Me <me@example.test>\r\n"
	    "To: anne@example.test,\r\n"
	    "  dave@example.test\r\n"
	    "Subject: Re: Lunch at one\r\n"
	    "\r\n"
	    "Yes.\r\n"
	    "From: this is body text\r\n";
	struct eng_draft d;
	struct err e;

	CHECK_INT_EQ(eng_draft_reply(&d, parent_plain, strlen(parent_plain), &me, 0, &e), 0);
	CHECK_INT_EQ(eng_draft_from_text(&d, edited, strlen(edited), &e), 0);
	CHECK_STR_EQ(d.subject, "Re: Lunch at one");
	CHECK_INT_EQ(d.to.len, 2);
	CHECK_STR_EQ(email_at(&d.to, 1), "dave@example.test");
	CHECK_STR_EQ(buf_cstr(&d.body), "Yes.\nFrom: this is body text\n");
	CHECK_STR_EQ(d.in_reply_to, "p3@example.test");
	CHECK_INT_EQ(strvec_len(&d.references), 3);
	eng_draft_free(&d);
}

static int
from_text(struct eng_draft *d, const char *text, struct err *e)
{
	return eng_draft_from_text(d, text, strlen(text), e);
}

TEST(draft_text_with_a_mistake_leaves_the_draft_alone)
{
	struct eng_draft d;
	struct err e;

	eng_draft_init(&d);
	CHECK_INT_EQ(eng_draft_add_addrs(&d, ENG_TO, "bob@example.test", &e), 0);
	CHECK_INT_EQ(from_text(&d, "To: x@example.test\nReply-To: y@example.test\n\nb", &e), -1);
	CHECK(strstr(e.msg, "line 2") != NULL);
	CHECK_INT_EQ(from_text(&d, "To: x@\n\nb", &e), -1);
	CHECK(strstr(e.msg, "line 1: To") != NULL);
	CHECK_INT_EQ(from_text(&d, "From: a@example.test, b@example.test\n", &e), -1);
	CHECK_INT_EQ(from_text(&d, "Body without header\n", &e), -1);
	CHECK_INT_EQ(d.to.len, 1);
	CHECK_STR_EQ(email_at(&d.to, 0), "bob@example.test");
	eng_draft_free(&d);
}

CHECK_MAIN(reply_subject_gets_one_re_however_many_it_had,
    forward_subject_gets_one_fwd_however_many_it_had,
    reply_goes_to_the_author_with_thread_ids,
    reply_references_fall_back_to_in_reply_to,
    reply_references_keep_the_first_and_latest_ids_of_a_long_thread,
    reply_quotes_the_body_under_an_attribution,
    reply_quotes_an_html_only_parent_as_text,
    reply_decodes_a_non_ascii_parent,
    reply_goes_to_reply_to_when_there_is_one,
    reply_all_leaves_out_own_addresses_and_repeats,
    reply_all_follows_mail_followup_to,
    reply_to_own_message_goes_to_its_recipients,
    reply_refuses_an_unusable_own_address,
    reply_builds_into_a_threaded_message,
    forward_inline_shows_the_parent_and_carries_its_attachments,
    forward_attached_keeps_the_parent_bytes_exactly,
    draft_text_is_written_and_read_back_the_same,
    draft_text_edit_keeps_thread_ids_and_reads_continuation_lines,
    draft_text_with_a_mistake_leaves_the_draft_alone)
