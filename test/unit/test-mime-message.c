/* Unit tests for mime/message, part, render, summary and mbox: the tree, IMAP numbering, the pager text. */
#include "check.h"

#include <stdlib.h>

#include "mime/addr.h"
#include "mime/limits.h"
#include "mime/mbox.h"
#include "mime/message.h"
#include "mime/render.h"
#include "util/buf.h"
#include "util/xalloc.h"

static const char nested[] =
    "From: Anne <anne@example.test>\r\n"
    "Subject: nested\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
    "\r\n"
    "preamble, ignored\r\n"
    "--outer\r\n"
    "Content-Type: multipart/alternative; boundary=\"outerinner\"\r\n"
    "\r\n"
    "--outerinner\r\n"
    "Content-Type: text/plain; charset=iso-8859-1\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Gr=FC=DFe aus M=FCnchen\r\n"
    "--outerinner\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "\r\n"
    "<p>HTML version</p>\r\n"
    "--outerinner--\r\n"
    "--outer\r\n"
    "Content-Type: application/pdf; name=\"report.pdf\"\r\n"
    "Content-Disposition: attachment; filename=\"report.pdf\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "JVBERi0xLjQK\r\n"
    "--outer\r\n"
    "Content-Type: message/rfc822\r\n"
    "\r\n"
    "From: Bob <bob@example.test>\r\n"
    "Subject: inner\r\n"
    "\r\n"
    "inner body\r\n"
    "--outer--\r\n"
    "epilogue, ignored\r\n";

static char *
render(const char *data)
{
	struct mime_message m;
	struct buf out = BUF_INIT;

	mime_parse(&m, data, strlen(data), 0);
	mime_render_body(&out, &m);
	mime_message_free(&m);
	return buf_detach(&out);
}

static const char *
type_of(const struct mime_message *m, const char *id)
{
	static char t[128];
	const struct mime_part *p = mime_part_find(m, id);

	if (p == NULL)
		return "(none)";
	snprintf(t, sizeof(t), "%s/%s", p->ctype.type, p->ctype.subtype);
	return t;
}

TEST(mime_tree_numbers_parts_as_imap_does)
{
	struct mime_message m;

	mime_parse(&m, nested, strlen(nested), 0);
	CHECK_STR_EQ(type_of(&m, ""), "multipart/mixed");
	CHECK_STR_EQ(type_of(&m, "1"), "multipart/alternative");
	CHECK_STR_EQ(type_of(&m, "1.1"), "text/plain");
	CHECK_STR_EQ(type_of(&m, "1.2"), "text/html");
	CHECK_STR_EQ(type_of(&m, "2"), "application/pdf");
	CHECK_STR_EQ(type_of(&m, "3"), "message/rfc822");
	CHECK_STR_EQ(type_of(&m, "3.1"), "text/plain");
	CHECK_STR_EQ(type_of(&m, "4"), "(none)");
	CHECK_INT_EQ(m.part_count, 7);
	CHECK(!m.truncated);
	mime_message_free(&m);
}

TEST(mime_part_bodies_exclude_the_break_before_a_delimiter)
{
	struct mime_message m;
	struct buf b = BUF_INIT;

	mime_parse(&m, nested, strlen(nested), 0);
	mime_part_decode(mime_part_find(&m, "2"), &b);
	CHECK_MEM_EQ(b.data, b.len, "%PDF-1.4\n", 9);
	buf_reset(&b);
	mime_part_text(mime_part_find(&m, "1.1"), &b);
	CHECK_STR_EQ(buf_cstr(&b), "Grüße aus München");
	buf_free(&b);
	mime_message_free(&m);
}

TEST(mime_render_prefers_plain_text_and_shows_forwarded_mail)
{
	char *text = render(nested);

	CHECK(strstr(text, "Grüße aus München\n") != NULL);
	CHECK(strstr(text, "HTML version") == NULL);
	CHECK(strstr(text, "From: Bob <bob@example.test>\nSubject: inner\n\ninner body\n") != NULL);
	CHECK(strstr(text, "preamble") == NULL && strstr(text, "epilogue") == NULL);
	free(text);
}

TEST(mime_attachments_are_the_parts_a_person_would_call_so)
{
	struct mime_message m;
	struct vec atts = VEC_INIT(struct mime_part *);

	mime_parse(&m, nested, strlen(nested), 0);
	mime_render_attachments(&atts, &m);
	CHECK_INT_EQ(atts.len, 1);
	CHECK_STR_EQ((*VEC_AT(&atts, struct mime_part *, 0))->id, "2");
	CHECK_STR_EQ(mime_part_filename(*VEC_AT(&atts, struct mime_part *, 0)), "report.pdf");
	vec_free(&atts);
	mime_message_free(&m);
}

TEST(mime_missing_close_delimiter_keeps_the_last_part)
{
	const char *msg = "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nfirst\n--b\n\nsecond, never closed\n";
	struct mime_message m;
	char *text;

	mime_parse(&m, msg, strlen(msg), 0);
	CHECK(m.root->missing_end);
	CHECK_INT_EQ(m.root->children.len, 2);
	mime_message_free(&m);
	text = render(msg);
	CHECK_STR_EQ(text, "first\n\nsecond, never closed\n");
	free(text);
}

TEST(mime_boundary_that_prefixes_another_is_not_confused)
{
	const char *msg = "Content-Type: multipart/mixed; boundary=ab\n\n"
	    "--ab\nContent-Type: multipart/mixed; boundary=abc\n\n"
	    "--abc\n\none\n--abc\n\ntwo\n--abc--\n--ab\n\nthree\n--ab--\n";
	struct mime_message m;

	mime_parse(&m, msg, strlen(msg), 0);
	CHECK_INT_EQ(m.root->children.len, 2);
	CHECK_STR_EQ(type_of(&m, "1.2"), "text/plain");
	CHECK_STR_EQ(type_of(&m, "2"), "text/plain");
	mime_message_free(&m);
}

TEST(mime_single_part_message_is_part_1)
{
	const char *msg = "Subject: x\n\nbody\n";
	struct mime_message m;

	mime_parse(&m, msg, strlen(msg), 0);
	CHECK_STR_EQ(type_of(&m, "1"), "text/plain");
	CHECK_STR_EQ(m.root->id, "1");
	mime_message_free(&m);
}

TEST(mime_digest_parts_default_to_message_rfc822)
{
	const char *msg = "Content-Type: multipart/digest; boundary=d\n\n"
	    "--d\n\nSubject: one\n\nfirst\n--d--\n";
	struct mime_message m;

	mime_parse(&m, msg, strlen(msg), 0);
	CHECK_STR_EQ(type_of(&m, "1"), "message/rfc822");
	CHECK_STR_EQ(type_of(&m, "1.1"), "text/plain");
	mime_message_free(&m);
}

TEST(mime_base64_encoded_message_rfc822_is_parsed_inside)
{
	/* base64 of "Subject: in\n\nhidden text\n" */
	const char *msg = "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
	    "Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n"
	    "U3ViamVjdDogaW4KCmhpZGRlbiB0ZXh0Cg==\n--b--\n";
	char *text = render(msg);

	CHECK(strstr(text, "Subject: in\n\nhidden text\n") != NULL);
	free(text);
}

TEST(mime_depth_is_capped)
{
	struct buf msg = BUF_INIT;
	struct mime_message m;

	for (int i = 0; i < 1000; i++)
		buf_addf(&msg, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i);
	buf_adds(&msg, "\ndeep\n");
	mime_parse(&m, msg.data, msg.len, 0);
	CHECK(m.truncated);
	CHECK(m.part_count <= MIME_MAX_DEPTH + 1);
	mime_message_free(&m);
	buf_free(&msg);
}

TEST(mime_part_count_is_capped)
{
	struct buf msg = BUF_INIT;
	struct mime_message m;

	buf_adds(&msg, "Content-Type: multipart/mixed; boundary=b\n\n");
	for (int i = 0; i < MIME_MAX_PARTS + 100; i++)
		buf_adds(&msg, "--b\n\nx\n");
	mime_parse(&m, msg.data, msg.len, 0);
	CHECK(m.truncated);
	CHECK(m.part_count <= MIME_MAX_PARTS);
	mime_message_free(&m);
	buf_free(&msg);
}

TEST(mime_header_only_parse_stops_at_the_header)
{
	struct mime_message m;

	mime_parse(&m, nested, strlen(nested), MIME_PARSE_HEADER_ONLY);
	CHECK_INT_EQ(m.root->children.len, 0);
	CHECK_STR_EQ(m.root->ctype.subtype, "mixed");
	mime_message_free(&m);
}

TEST(mime_render_makes_escape_sequences_visible)
{
	char *text = render("Subject: x\n\nred \x1b[31malert\x1b[0m \xc2\x9b" "2J\n");

	CHECK(strchr(text, '\x1b') == NULL);
	CHECK(strstr(text, "^[[31malert") != NULL);
	CHECK(strstr(text, "\xc2\x9b") == NULL);
	free(text);
}

TEST(mime_html_only_mail_is_rendered_as_text)
{
	char *text = render("Content-Type: text/html\n\n<html><head><style>p{}</style></head>"
	    "<body><p>Hello <b>there</b></p><script>evil()</script></body></html>\n");

	CHECK(strstr(text, "Hello there") != NULL);
	CHECK(strstr(text, "evil") == NULL && strstr(text, "<p>") == NULL);
	free(text);
}

TEST(mime_multipart_without_boundary_shows_its_body_with_lf)
{
	char *text = render("Content-Type: multipart/mixed\r\n\r\nfirst line\r\nsecond\r\n");

	CHECK(strstr(text, "first line\nsecond") != NULL);
	CHECK(strchr(text, '\r') == NULL && strstr(text, "^M") == NULL);
	free(text);
}

TEST(mime_summary_decodes_envelope)
{
	const char *msg = "From: =?utf-8?q?J=C3=BCrgen?= <j@example.test>\n"
	    "To: a@example.test, \"Doe, John\" <john@example.test>\n"
	    "Subject: =?iso-8859-2?q?P=F8=EDli=B9_=BEluou=E8k=FD?=\n"
	    "Date: Sun, 22 Nov 2026 10:04:05 +0100\n"
	    "Message-ID: <id1@example.test>\n"
	    "In-Reply-To: <id0@example.test>\n"
	    "References: <r1@x> <r2@x>\n\nbody\n";
	struct mime_message m;
	struct mime_summary s;

	mime_parse(&m, msg, strlen(msg), MIME_PARSE_HEADER_ONLY);
	mime_summary_init(&s);
	mime_summary_read(&s, &m.root->header);
	CHECK_STR_EQ(s.subject, "Příliš žluoučký");
	CHECK_STR_EQ(VEC_AT(&s.from, struct mime_addr, 0)->name, "Jürgen");
	CHECK_INT_EQ(s.to.len, 2);
	CHECK_STR_EQ(VEC_AT(&s.to, struct mime_addr, 1)->name, "Doe, John");
	CHECK(s.has_date);
	CHECK_INT_EQ(s.date, 1795338245);
	CHECK_STR_EQ(s.message_id, "id1@example.test");
	CHECK_STR_EQ(s.in_reply_to, "id0@example.test");
	CHECK_INT_EQ(strvec_len(&s.references), 2);
	mime_summary_free(&s);
	mime_message_free(&m);
}

TEST(mbox_splits_at_from_lines_after_empty_lines)
{
	const char *mb = "From a@b Sat Jan  1 00:00:00 2000\nSubject: 1\n\nHello\nFrom here on\n\n"
	    "From c@d Sat Jan  1 00:00:00 2000\nSubject: 2\n\nbody\n";
	size_t pos = 0, start, end, n = 0;

	CHECK(mime_mbox_detect(mb, strlen(mb)));
	while (mime_mbox_next(mb, strlen(mb), &pos, &start, &end)) {
		n++;
		if (n == 1)
			CHECK_MEM_EQ(mb + start, end - start, "Subject: 1\n\nHello\nFrom here on\n", 31);
	}
	CHECK_INT_EQ(n, 2);
	CHECK(!mime_mbox_detect("Subject: x\n", 11));
}

TEST(mbox_splits_at_a_real_from_line_without_an_empty_line)
{
	const char *mb = "From - Mon Jan  1 00:00:00 2000\nSubject: 1\n\nbody\n"
	    "From - Tue Jan  2 00:00:00 2000\nSubject: 2\n\nHi\nFrom me to you\n";
	size_t pos = 0, start, end, n = 0;

	while (mime_mbox_next(mb, strlen(mb), &pos, &start, &end))
		n++;
	CHECK_INT_EQ(n, 2);
}

TEST(mime_empty_brackets_give_no_message_id)
{
	const char *msg = "Message-ID: <>\nIn-Reply-To: bare@id\n\nx\n";
	struct mime_message m;
	struct mime_summary s;

	mime_parse(&m, msg, strlen(msg), MIME_PARSE_HEADER_ONLY);
	mime_summary_init(&s);
	mime_summary_read(&s, &m.root->header);
	CHECK(s.message_id == NULL);
	CHECK_STR_EQ(s.in_reply_to, "bare@id");
	mime_summary_free(&s);
	mime_message_free(&m);
}

TEST(mime_summary_keeps_header_text_on_one_line)
{
	const char *msg = "Subject: =?utf-8?q?one=0Atwo=09three?=\n"
	    "From: =?utf-8?q?Eve=0D=0AX-Evil=3A_1?= <eve@example.test>\n\nx\n";
	struct mime_message m;
	struct mime_summary s;

	mime_parse(&m, msg, strlen(msg), MIME_PARSE_HEADER_ONLY);
	mime_summary_init(&s);
	mime_summary_read(&s, &m.root->header);
	CHECK_STR_EQ(s.subject, "one two three");
	CHECK(strchr(VEC_AT(&s.from, struct mime_addr, 0)->name, '\n') == NULL);
	mime_summary_free(&s);
	mime_message_free(&m);
}

CHECK_MAIN(mime_tree_numbers_parts_as_imap_does, mime_part_bodies_exclude_the_break_before_a_delimiter,
    mime_render_prefers_plain_text_and_shows_forwarded_mail,
    mime_attachments_are_the_parts_a_person_would_call_so,
    mime_missing_close_delimiter_keeps_the_last_part,
    mime_boundary_that_prefixes_another_is_not_confused, mime_single_part_message_is_part_1,
    mime_digest_parts_default_to_message_rfc822, mime_base64_encoded_message_rfc822_is_parsed_inside,
    mime_depth_is_capped, mime_part_count_is_capped, mime_header_only_parse_stops_at_the_header,
    mime_render_makes_escape_sequences_visible, mime_html_only_mail_is_rendered_as_text,
    mime_summary_decodes_envelope, mbox_splits_at_from_lines_after_empty_lines,
    mbox_splits_at_a_real_from_line_without_an_empty_line, mime_empty_brackets_give_no_message_id,
    mime_summary_keeps_header_text_on_one_line,
    mime_multipart_without_boundary_shows_its_body_with_lf)
