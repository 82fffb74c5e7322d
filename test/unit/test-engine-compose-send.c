/* Unit tests for engine/compose: building drafts, `taube send` options, messages ready for SMTP. */
#include "check.h"
#include "check-mail.h"
#include "check-tmp.h"

#include <stdlib.h>

#include "engine/compose.h"
#include "util/fs.h"
#include "util/str.h"
#include "util/xalloc.h"

/* ---- building ---- */

TEST(draft_builds_non_ascii_fields_that_parse_back_the_same)
{
	static const char body[] = "Liebe Grüße\r\nJürgen\r\n";
	struct eng_draft d;
	struct buf out = BUF_INIT;
	struct vec atts = VEC_INIT(struct mime_part *);
	struct seen x;
	struct err e;
	char *head;

	eng_draft_init(&d);
	CHECK_INT_EQ(eng_draft_set_from(&d, "Jürgen Groß <juergen@example.test>", &e), 0);
	CHECK_INT_EQ(eng_draft_add_addrs(&d, ENG_TO, "\"Doe, Jöhn\" <john@example.test>, "
	    "Zoë <zoe@example.test>", &e), 0);
	CHECK_INT_EQ(eng_draft_add_addrs(&d, ENG_BCC, "hidden@example.test", &e), 0);
	d.subject = xstrdup("Grüße aus Köln – 東京");
	CHECK_INT_EQ(eng_draft_set_body(&d, body, strlen(body), &e), 0);
	eng_draft_attach_data(&d, "Übersicht März.txt", NULL, "ä\n", 3);
	CHECK_INT_EQ(eng_draft_build(&d, 0, &out, &e), 0);
	CHECK(is_wire_clean(&out));
	head = head_of(&out);
	CHECK(strstr(head, "Bcc") == NULL);
	CHECK(strstr(head, "Date: ") != NULL && strstr(head, "Message-ID: <") != NULL);
	see(&x, &out);
	CHECK_STR_EQ(x.s.subject, "Grüße aus Köln – 東京");
	CHECK_STR_EQ(name_at(&x.s.from, 0), "Jürgen Groß");
	CHECK_STR_EQ(name_at(&x.s.to, 0), "Doe, Jöhn");
	CHECK_STR_EQ(name_at(&x.s.to, 1), "Zoë");
	CHECK_STR_EQ(buf_cstr(&x.text), "Liebe Grüße\nJürgen\n");
	mime_render_attachments(&atts, &x.m);
	CHECK_INT_EQ(atts.len, 1);
	if (atts.len == 1)
		CHECK_STR_EQ(mime_part_filename(*VEC_AT(&atts, struct mime_part *, 0)),
		    "Übersicht März.txt");
	vec_free(&atts);
	unsee(&x);
	free(head);
	buf_reset(&out);
	CHECK_INT_EQ(eng_draft_build(&d, ENG_BUILD_KEEP_BCC, &out, &e), 0);
	head = head_of(&out);
	CHECK(strstr(head, "\r\nBcc: hidden@example.test\r\n") != NULL);
	free(head);
	buf_free(&out);
	eng_draft_free(&d);
}

TEST(draft_without_from_is_not_built)
{
	struct eng_draft d;
	struct buf out = BUF_INIT;
	struct err e;

	eng_draft_init(&d);
	CHECK_INT_EQ(eng_draft_add_addrs(&d, ENG_TO, "bob@example.test", &e), 0);
	CHECK_INT_EQ(eng_draft_build(&d, 0, &out, &e), -1);
	CHECK(strstr(e.msg, "From") != NULL);
	buf_free(&out);
	eng_draft_free(&d);
}

/* ---- `taube send` options ---- */

TEST(options_compose_a_message_with_body_and_attachment_files)
{
	char *dir = check_tmpdir("compose");
	char *body = xasprintf("%s/body.txt", dir), *att = xasprintf("%s/Bericht ä.pdf", dir);
	struct strvec to = STRVEC_INIT, bcc = STRVEC_INIT, attach = STRVEC_INIT;
	struct eng_compose_opts o = { "Me <me@example.test>", &to, NULL, &bcc, "Bericht für März",
	    body, NULL, &attach };
	struct eng_envelope env;
	struct eng_draft d;
	struct buf built = BUF_INIT, wire = BUF_INIT;
	struct seen x;
	struct err e;

	CHECK_INT_EQ(fs_write_atomic(body, "Hallo, anbei der Bericht.\n", 26, 0600, &e), 0);
	CHECK_INT_EQ(fs_write_atomic(att, "%PDF-1.4\n\xff\x00", 11, 0600, &e), 0);
	strvec_push(&to, "anne@example.test, Bob <bob@example.test>");
	strvec_push(&bcc, "hidden@example.test");
	strvec_push(&attach, att);
	CHECK_INT_EQ(eng_draft_from_options(&d, &o, &e), 0);
	CHECK_INT_EQ(eng_draft_build(&d, ENG_BUILD_KEEP_BCC, &built, &e), 0);
	CHECK_INT_EQ(eng_message_prepare(built.data, built.len, NULL, &wire, &env, &e), 0);
	CHECK_INT_EQ(strvec_len(&env.rcpt), 3);
	CHECK_STR_EQ(strvec_get(&env.rcpt, 2), "hidden@example.test");
	CHECK_STR_EQ(env.from, "me@example.test");
	CHECK(strstr(wire.data, "hidden") == NULL);
	see(&x, &wire);
	CHECK_STR_EQ(x.s.subject, "Bericht für März");
	CHECK_STR_EQ(buf_cstr(&x.text), "Hallo, anbei der Bericht.\n");
	unsee(&x);
	eng_envelope_free(&env);
	buf_free(&built);
	buf_free(&wire);
	eng_draft_free(&d);
	strvec_free(&to);
	strvec_free(&bcc);
	strvec_free(&attach);
	free(body);
	free(att);
	check_rm_tree(dir);
}

TEST(options_refuse_line_breaks_and_what_is_no_text)
{
	struct strvec to = STRVEC_INIT;
	struct eng_compose_opts o = { "Me <me@example.test>", &to, NULL, NULL, NULL, NULL, NULL,
	    NULL };
	struct eng_draft d;
	struct err e;

	strvec_push(&to, "bob@example.test\r\nBcc: evil@example.test");
	CHECK_INT_EQ(eng_draft_from_options(&d, &o, &e), -1);
	CHECK(strstr(e.msg, "line break") != NULL);
	eng_draft_init(&d);
	CHECK_INT_EQ(eng_draft_add_addrs(&d, ENG_CC, "bob@example.test\n", &e), -1);
	CHECK_INT_EQ(eng_draft_add_addrs(&d, ENG_CC, "bob@", &e), -1);
	CHECK(str_starts_with(e.msg, "Cc: "));
	CHECK_INT_EQ(eng_draft_set_from(&d, "Me <me@example.test>\rX", &e), -1);
	CHECK_INT_EQ(eng_draft_set_body(&d, "caf\xe9\n", 5, &e), -1);
	CHECK_INT_EQ(d.cc.len, 0);
	eng_draft_free(&d);
	strvec_free(&to);
	strvec_push(&to, "bob@example.test");
	o.subject = "Hello\nBcc: evil@example.test";
	CHECK_INT_EQ(eng_draft_from_options(&d, &o, &e), -1);
	o.subject = NULL;
	o.body_file = "/nonexistent/taube-body";
	CHECK_INT_EQ(eng_draft_from_options(&d, &o, &e), -1);
	strvec_free(&to);
}

/* ---- sending a message written elsewhere ---- */

TEST(prepare_adds_date_and_message_id_only_when_missing)
{
	static const char bare[] = "To: bob@example.test\nSubject: hi\n\nhello\n";
	static const char full[] = "From: Anne <anne@example.test>\r\nTo: bob@example.test\r\n"
	    "Date: Sun, 22 Nov 2026 10:04:05 +0100\r\nMessage-ID: <given@example.test>\r\n"
	    "Subject: hi\r\n\r\nhello\r\n";
	struct eng_envelope env;
	struct buf out = BUF_INIT;
	struct seen x;
	struct err e;

	CHECK_INT_EQ(eng_message_prepare(bare, strlen(bare), "Anne <anne@example.test>", &out,
	    &env, &e), 0);
	CHECK(is_wire_clean(&out));
	CHECK_INT_EQ(count(out.data, "\r\nDate: ") + str_starts_with(out.data, "Date: "), 1);
	CHECK_INT_EQ(count(out.data, "Message-ID: <"), 1);
	CHECK(strstr(out.data, "@example.test>\r\n") != NULL);
	see(&x, &out);
	CHECK(x.s.has_date);
	CHECK_STR_EQ(email_at(&x.s.from, 0), "anne@example.test");
	CHECK(x.s.message_id != NULL && str_ends_with(x.s.message_id, "@example.test"));
	unsee(&x);
	eng_envelope_free(&env);
	buf_reset(&out);
	CHECK_INT_EQ(eng_message_prepare(full, strlen(full), "Other <o@example.test>", &out, &env,
	    &e), 0);
	CHECK_STR_EQ(buf_cstr(&out), full);
	CHECK_STR_EQ(env.from, "anne@example.test");
	eng_envelope_free(&env);
	CHECK_INT_EQ(eng_message_prepare(bare, strlen(bare), NULL, &out, &env, &e), -1);
	CHECK(strstr(e.msg, "no From") != NULL);
	buf_free(&out);
}

TEST(prepare_keeps_bcc_in_the_envelope_only)
{
	static const char msg[] =
	    "From: anne@example.test\nTo: Bob <bob@example.test>, undisclosed:;\n"
	    "Cc: carol@example.test, BOB@example.test\nBcc: dave@example.test,\n"
	    " Carol <CAROL@example.test>\nSubject: hi\n\nhello\n";
	struct eng_envelope env;
	struct buf out = BUF_INIT;
	struct err e;

	CHECK_INT_EQ(eng_message_prepare(msg, strlen(msg), NULL, &out, &env, &e), 0);
	CHECK_INT_EQ(strvec_len(&env.rcpt), 3);
	CHECK_STR_EQ(strvec_get(&env.rcpt, 0), "bob@example.test");
	CHECK_STR_EQ(strvec_get(&env.rcpt, 1), "carol@example.test");
	CHECK_STR_EQ(strvec_get(&env.rcpt, 2), "dave@example.test");
	CHECK(strstr(out.data, "Bcc") == NULL && strstr(out.data, "dave") == NULL);
	CHECK(strstr(out.data, "\r\nCc: carol@example.test, BOB@example.test\r\n") != NULL);
	eng_envelope_free(&env);
	buf_free(&out);
}

TEST(prepare_reencodes_an_8bit_body_and_header_to_7bit)
{
	static const char msg[] =
	    "From: Jürgen Groß <juergen@example.test>\n"
	    "To: bob@example.test\n"
	    "Subject: Grüße aus Köln\n"
	    "X-Note: schön\n"
	    "\n"
	    "Grüße aus Köln\n"
	    "From the team\n";
	struct eng_envelope env;
	struct buf out = BUF_INIT;
	struct seen x;
	struct err e;
	char *head;

	CHECK_INT_EQ(eng_message_prepare(msg, strlen(msg), NULL, &out, &env, &e), 0);
	CHECK(is_wire_clean(&out));
	head = head_of(&out);
	CHECK(strstr(head, "Content-Transfer-Encoding: quoted-printable\r\n") != NULL);
	CHECK(strstr(head, "MIME-Version: 1.0\r\n") != NULL);
	see(&x, &out);
	CHECK_STR_EQ(x.s.subject, "Grüße aus Köln");
	CHECK_STR_EQ(name_at(&x.s.from, 0), "Jürgen Groß");
	CHECK_STR_EQ(buf_cstr(&x.text), "Grüße aus Köln\nFrom the team\n");
	CHECK(field_text_is(&x.m, "X-Note", "schön"));
	unsee(&x);
	free(head);
	eng_envelope_free(&env);
	buf_free(&out);
}

TEST(prepare_reencodes_8bit_parts_of_a_multipart)
{
	static const char msg[] =
	    "From: anne@example.test\n"
	    "To: bob@example.test\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=zz\n"
	    "Content-Transfer-Encoding: 8bit\n"
	    "\n"
	    "preamble\n"
	    "--zz\n"
	    "Content-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: 8bit\n"
	    "\n"
	    "Ärger über Öl\n"
	    "--zz\n"
	    "Content-Type: application/octet-stream\n"
	    "Content-Disposition: attachment; filename=\"Daten ü.bin\"\n"
	    "\n"
	    "\x01\xff\xfe bytes\n"
	    "--zz--\n";
	struct eng_envelope env;
	struct buf out = BUF_INIT, data = BUF_INIT;
	struct vec atts = VEC_INIT(struct mime_part *);
	struct seen x;
	struct err e;

	CHECK_INT_EQ(eng_message_prepare(msg, strlen(msg), NULL, &out, &env, &e), 0);
	CHECK(is_wire_clean(&out));
	see(&x, &out);
	CHECK_STR_EQ(buf_cstr(&x.text), "Ärger über Öl\n");
	mime_render_attachments(&atts, &x.m);
	CHECK_INT_EQ(atts.len, 1);
	if (atts.len == 1) {
		const struct mime_part *p = *VEC_AT(&atts, struct mime_part *, 0);

		CHECK_STR_EQ(mime_part_filename(p), "Daten ü.bin");
		mime_part_decode(p, &data);
		CHECK_MEM_EQ(data.data, data.len, "\x01\xff\xfe bytes", (size_t)9);
	}
	vec_free(&atts);
	unsee(&x);
	buf_free(&data);
	eng_envelope_free(&env);
	buf_free(&out);
}

TEST(prepare_refuses_control_characters_bare_cr_and_no_recipients)
{
	struct eng_envelope env;
	struct buf out = BUF_INIT;
	struct err e;

#define REFUSED(text_, what_)                                                        \
	do {                                                                         \
		CHECK_INT_EQ(eng_message_prepare(text_, strlen(text_), NULL, &out, &env, \
		    &e), -1);                                                        \
		CHECK(strstr(e.msg, what_) != NULL);                                 \
		CHECK_INT_EQ(out.len, 0);                                            \
	} while (0)

	REFUSED("From: a@example.test\nTo: <bo\x01" "b@example.test>\n\nx\n", "control character");
	REFUSED("From: a@example.test\nTo: b@example.test\rBcc: c@example.test\n\nx\n", "bare CR");
	REFUSED("From: a@example.test\nSubject: none\n\nx\n", "no recipients");
	REFUSED("From: a@example.test\nTo: bob\n\nx\n", "not an address");
	REFUSED("From: a@example.test\nTo: b@example.test\nno colon here\n\nx\n", "no field");
	REFUSED("From: a@example.test\nTo: b@example.test\nMessage-ID: <\xc3\xa4@x>\n\nx\n",
	    "8-bit");
	REFUSED("hello there\n", "no header");
#undef REFUSED
	buf_free(&out);
}

CHECK_MAIN(draft_builds_non_ascii_fields_that_parse_back_the_same,
    draft_without_from_is_not_built,
    options_compose_a_message_with_body_and_attachment_files,
    options_refuse_line_breaks_and_what_is_no_text,
    prepare_adds_date_and_message_id_only_when_missing,
    prepare_keeps_bcc_in_the_envelope_only,
    prepare_reencodes_an_8bit_body_and_header_to_7bit,
    prepare_reencodes_8bit_parts_of_a_multipart,
    prepare_refuses_control_characters_bare_cr_and_no_recipients)
