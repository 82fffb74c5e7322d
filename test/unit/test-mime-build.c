/* Unit tests for mime/build: what mime_build writes, mime_parse reads back the same. */
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "mime/addr.h"
#include "mime/build.h"
#include "mime/header.h"
#include "mime/message.h"
#include "mime/render.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

/*
 * The boundary check can only be seen at work when the random source repeats
 * itself: while `zero_draws` is positive, getrandom(2) gives zero bytes, so
 * the next boundary is "=_" and 26 'a's. Otherwise it is the real one.
 */
static int zero_draws;

ssize_t
getrandom(void *p, size_t len, unsigned int flags)
{
	if (zero_draws > 0) {
		zero_draws--;
		memset(p, 0, len);
		return (ssize_t)len;
	}
	return syscall(SYS_getrandom, p, len, flags);
}

static const char czech[] = "Příliš žluťoučký kůň úpěl ďábelské ódy";
static const char german[] = "Grüße aus München, Übermorgen größere Äpfel";

static void
add_addr(struct vec *v, const char *name, const char *email)
{
	struct mime_addr *a = vec_push_zero(v);

	a->name = name != NULL ? xstrdup(name) : NULL;
	a->email = email != NULL ? xstrdup(email) : NULL;
}

static void
builder(struct mime_builder *b)
{
	mime_builder_init(b);
	add_addr(&b->from, "Anne Example", "anne@example.test");
	add_addr(&b->to, NULL, "bob@example.test");
	b->has_date = true;
	b->date = 1795338245;
	b->date_zone = 60;
}

static struct mime_attachment *
attach(struct mime_builder *b, const char *name, const char *type, const char *data, size_t len)
{
	struct mime_attachment *a = vec_push_zero(&b->attachments);

	a->filename = name != NULL ? xstrdup(name) : NULL;
	a->type = type != NULL ? xstrdup(type) : NULL;
	a->data = data;
	a->len = len;
	return a;
}

/*
 * The rules of the wire: CRLF only, 7-bit, no line over 998, top header lines
 * within 78 (all here can fold). Returns the longest line anywhere.
 */
static size_t
check_wire(const struct buf *msg)
{
	size_t line = 0, longest = 0, head_longest = 0;
	bool in_head = true, clean = true;

	for (size_t i = 0; i < msg->len; i++) {
		unsigned char c = (unsigned char)msg->data[i];
		bool lf_next = i + 1 < msg->len && msg->data[i + 1] == '\n';

		/* a CR exactly before each LF: no bare CR, no bare LF */
		if (c == 0 || c >= 0x80 || (c == '\r') != lf_next)
			clean = false;
		if (c == '\n') {
			head_longest = in_head && line > head_longest ? line : head_longest;
			in_head = in_head && line > 0;
			longest = line > longest ? line : longest;
			line = 0;
		} else if (c != '\r') {
			line++;
		}
	}
	CHECK(clean);
	CHECK(longest <= 998);
	if (head_longest > 78)
		CHECK_FAIL_AT("a header line has %zu characters", head_longest);
	CHECK(msg->len >= 2 && memcmp(msg->data + msg->len - 2, "\r\n", 2) == 0);
	return line > longest ? line : longest;
}

/*
 * One message: built from b, checked against the wire rules, parsed into m
 * and summarised into s.
 */
struct trip {
	struct mime_builder b;
	struct buf out;
	size_t longest;		/* the longest line of out */
	struct mime_message m;
	struct mime_summary s;
};

static void
trip_init(struct trip *t)
{
	builder(&t->b);
	buf_init(&t->out);
	memset(&t->m, 0, sizeof(t->m));
	mime_summary_init(&t->s);
}

static void
trip_reset(struct trip *t)
{
	mime_summary_free(&t->s);
	mime_message_free(&t->m);
	buf_reset(&t->out);
}

static void
trip_run(struct trip *t)
{
	struct err e;

	trip_reset(t);
	err_clear(&e);
	if (mime_build(&t->out, &t->b, &e) != 0)
		CHECK_FAIL_AT("mime_build failed: %s", e.msg);
	t->longest = check_wire(&t->out);
	mime_parse(&t->m, buf_cstr(&t->out), t->out.len, 0);
	mime_summary_read(&t->s, &t->m.root->header);
}

static void
trip_free(struct trip *t)
{
	trip_reset(t);
	buf_free(&t->out);
	mime_builder_free(&t->b);
}

/* Whether the part's field has this value, unfolded. */
static bool
field_is(const struct mime_part *p, const char *name, const char *want)
{
	const struct mime_field *f = mime_header_find(&p->header, name);
	struct buf v = BUF_INIT;
	bool same;

	if (f != NULL)
		mime_field_unfold(&v, f);
	same = f != NULL && strcmp(buf_cstr(&v), want) == 0;
	if (!same)
		printf("# %s: \"%s\", wanted \"%s\"\n", name, buf_cstr(&v), want);
	buf_free(&v);
	return same;
}

static char *
repeat_to(const char *word, size_t chars)
{
	struct buf b = BUF_INIT;

	while (b.len < chars)
		buf_addf(&b, "%s%s", b.len > 0 ? " " : "", word);
	return buf_detach(&b);
}

static void
subject_round_trips(const char *subject)
{
	struct trip x;

	trip_init(&x);
	x.b.subject = xstrdup(subject);
	trip_run(&x);
	CHECK_STR_EQ(x.s.subject, subject);
	trip_free(&x);
}

TEST(build_subjects_in_german_and_czech_come_back)
{
	char *long_de = repeat_to(german, 200), *long_cs = repeat_to(czech, 200);
	char *long_ascii = repeat_to("status report", 200);

	subject_round_trips(german);
	subject_round_trips(czech);
	subject_round_trips(long_de);
	subject_round_trips(long_cs);
	subject_round_trips(long_ascii);
	subject_round_trips("Re: [list] =?utf-8?q?not_a_word?= stays literal");
	subject_round_trips("");
	free(long_de);
	free(long_cs);
	free(long_ascii);
}

static const char *const names[] = {
	"Doe, John", "Anne \"the hammer\" Smith", "Jürgen Groß", "Back\\slash",
	"Müller, Jörg (Vertrieb)", "Petr Novák; ČVUT", "plain name", "=?not encoded?=",
};

TEST(build_display_names_with_commas_quotes_and_umlauts_come_back)
{
	size_t n = sizeof(names) / sizeof(names[0]);
	struct trip x;
	char email[64];

	trip_init(&x);
	for (size_t i = 0; i < n; i++) {
		snprintf(email, sizeof(email), "person%zu@example.test", i);
		add_addr(&x.b.cc, names[i], email);
	}
	add_addr(&x.b.reply_to, "Team Ärger", "team@example.test");
	trip_run(&x);
	CHECK_INT_EQ(x.s.cc.len, n);
	for (size_t i = 0; i < x.s.cc.len && i < n; i++) {
		snprintf(email, sizeof(email), "person%zu@example.test", i);
		CHECK_STR_EQ(VEC_AT(&x.s.cc, struct mime_addr, i)->name, names[i]);
		CHECK_STR_EQ(VEC_AT(&x.s.cc, struct mime_addr, i)->email, email);
	}
	CHECK_STR_EQ(VEC_AT(&x.s.from, struct mime_addr, 0)->name, "Anne Example");
	CHECK_STR_EQ(VEC_AT(&x.s.reply_to, struct mime_addr, 0)->name, "Team Ärger");
	trip_free(&x);
}

TEST(build_fifty_recipients_fold_and_come_back)
{
	struct trip x;
	char name[64], email[64];

	trip_init(&x);
	for (int i = 0; i < 50; i++) {
		snprintf(name, sizeof(name), i % 2 ? "Empfänger Nummer %d" : "Last, First %d", i);
		snprintf(email, sizeof(email), "rcpt%d@example.test", i);
		add_addr(&x.b.to, name, email);
		add_addr(&x.b.cc, NULL, email);
	}
	trip_run(&x);
	CHECK_INT_EQ(x.s.to.len, 51);
	CHECK_INT_EQ(x.s.cc.len, 50);
	for (int i = 0; i < 50 && x.s.to.len == 51; i++) {
		snprintf(name, sizeof(name), i % 2 ? "Empfänger Nummer %d" : "Last, First %d", i);
		snprintf(email, sizeof(email), "rcpt%d@example.test", i);
		CHECK_STR_EQ(VEC_AT(&x.s.to, struct mime_addr, i + 1)->name, name);
		CHECK_STR_EQ(VEC_AT(&x.s.to, struct mime_addr, i + 1)->email, email);
		CHECK_STR_EQ(VEC_AT(&x.s.cc, struct mime_addr, i)->email, email);
	}
	CHECK(x.longest <= 78);
	trip_free(&x);
}

TEST(build_writes_bcc_only_when_asked_to_keep_it)
{
	struct trip x;
	struct vec bcc = VEC_INIT(struct mime_addr);
	const struct mime_field *f;

	trip_init(&x);
	add_addr(&x.b.bcc, "Secret Sharer", "hidden@example.test");
	trip_run(&x);
	CHECK(mime_header_find(&x.m.root->header, "Bcc") == NULL);
	CHECK(strstr(x.out.data, "hidden") == NULL);
	x.b.keep_bcc = true;
	trip_run(&x);
	f = mime_header_find(&x.m.root->header, "Bcc");
	if (f != NULL)
		mime_addr_parse(&bcc, f->value, f->value_len);
	CHECK(bcc.len == 1 &&
	    strcmp(VEC_AT(&bcc, struct mime_addr, 0)->email, "hidden@example.test") == 0);
	mime_addr_list_free(&bcc);
	trip_free(&x);
}

/* A text-only message: the text comes back (as expect, when given) in transfer encoding cte. */
static void
check_cte(const char *text, const char *expect, const char *cte)
{
	struct trip x;
	struct buf back = BUF_INIT;

	trip_init(&x);
	x.b.text = xstrdup(text);
	trip_run(&x);
	CHECK_STR_EQ(x.m.root->ctype.subtype, "plain");
	CHECK_STR_EQ(mime_ctype_param(&x.m.root->ctype, "charset"), "utf-8");
	mime_part_text(x.m.root, &back);
	CHECK_STR_EQ(buf_cstr(&back), expect != NULL ? expect : text);
	CHECK(field_is(x.m.root, "Content-Transfer-Encoding", cte));
	trip_free(&x);
	buf_free(&back);
}

TEST(build_pure_ascii_text_goes_as_7bit)
{
	check_cte("Hello Bob,\n\nsee you at 10.\n\nAnne\n", NULL, "7bit");
	check_cte("Windows lines\r\nstay lines\r\n", "Windows lines\nstay lines\n", "7bit");
	check_cte("no final line break", "no final line break\n", "7bit");
	check_cte("", NULL, "7bit");
}

TEST(build_eight_bit_text_goes_quoted_printable)
{
	check_cte("Grüße,\nJürgen = Ärger?\n", NULL, "quoted-printable");
	check_cte("Grüße", "Grüße\n", "quoted-printable");	/* a final break is added */
}

TEST(build_text_needing_protection_comes_back_exactly)
{
	char *long_line = xmalloc(2002);

	memset(long_line, 'x', 2000);
	memcpy(long_line + 1000, " middle ", 8);
	long_line[2000] = '\n';
	long_line[2001] = '\0';
	check_cte(long_line, NULL, "quoted-printable");
	check_cte("From the start\nFrom here\n.\n..\n.dot\n", NULL, "quoted-printable");
	check_cte("trailing spaces   \ntrailing tab\t\nok\n", NULL, "quoted-printable");
	check_cte("Bye\n-- \nAnne\n", NULL, "quoted-printable");	/* signature separator */
	check_cte("lone CR \r in a line\n", "lone CR \n in a line\n", "quoted-printable");
	check_cte("=?utf-8?q?x?= and = and =3D\n", NULL, "7bit");
	free(long_line);
}

TEST(build_html_becomes_an_alternative_after_the_text)
{
	struct trip x;
	struct buf t = BUF_INIT, h = BUF_INIT;
	const char *html = "<html><body><p>Grüße <b>aus</b> München</p></body></html>\n";

	trip_init(&x);
	x.b.text = xstrdup("Grüße aus München\n");
	x.b.html = xstrdup(html);
	trip_run(&x);
	CHECK_STR_EQ(x.m.root->ctype.subtype, "alternative");
	CHECK_INT_EQ(x.m.root->children.len, 2);
	if (x.m.root->children.len == 2) {
		mime_part_text(mime_part_find(&x.m, "1"), &t);
		mime_part_text(mime_part_find(&x.m, "2"), &h);
		CHECK_STR_EQ(buf_cstr(&t), "Grüße aus München\n");
		CHECK_STR_EQ(buf_cstr(&h), html);
		CHECK_STR_EQ(mime_part_find(&x.m, "2")->ctype.subtype, "html");
	}
	trip_free(&x);
	buf_free(&t);
	buf_free(&h);
}

TEST(build_minimal_messages_are_complete)
{
	struct trip x;
	struct buf t = BUF_INIT;

	trip_init(&x);
	trip_run(&x);
	CHECK_STR_EQ(x.m.root->ctype.subtype, "plain");
	CHECK_INT_EQ(x.m.root->body_len, 0);
	CHECK(str_ends_with(x.out.data, "\r\n\r\n"));
	x.b.html = xstrdup("<p>only HTML</p>");
	trip_run(&x);
	CHECK_STR_EQ(x.m.root->ctype.subtype, "html");
	mime_part_text(x.m.root, &t);
	CHECK_STR_EQ(buf_cstr(&t), "<p>only HTML</p>\n");
	trip_free(&x);
	buf_free(&t);
}

/* Reproducible bytes of every value (an LCG's top bits), standing for any binary file. */
static char *
random_bytes(size_t len, uint64_t seed)
{
	char *p = xmalloc(len);

	for (size_t i = 0; i < len; i++)
		p[i] = (char)((seed = seed * 6364136223846793005u + 1442695040888963407u) >> 56);
	return p;
}

static void
check_attachment(const struct mime_message *m, const char *id, const char *type,
    const char *name, const char *data, size_t len)
{
	const struct mime_part *p = mime_part_find(m, id);
	struct buf got = BUF_INIT;
	char t[128];

	CHECK(p != NULL);
	if (p == NULL)
		return;
	snprintf(t, sizeof(t), "%s/%s", p->ctype.type, p->ctype.subtype);
	CHECK_STR_EQ(t, type);
	if (name != NULL) {
		CHECK_STR_EQ(mime_part_filename(p), name);
		CHECK_STR_EQ(mime_ctype_param(&p->ctype, "name"), name);
	}
	mime_part_decode(p, &got);
	CHECK_MEM_EQ(got.data, got.len, data, len);
	buf_free(&got);
}

TEST(build_attachments_come_back_byte_for_byte)
{
	size_t big = 1 << 20;
	char *bin = random_bytes(big, 0x9e3779b97f4a7c15u);
	char *name300 = repeat_to("Sehr lange Übersicht über alles, Ende.pdf", 300);
	static const char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n";
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	struct trip x;
	struct vec atts = VEC_INIT(struct mime_part *);

	trip_init(&x);
	x.b.text = xstrdup("Anbei die Unterlagen.\n");
	attach(&x.b, "random.bin", NULL, bin, big);
	attach(&x.b, "Übersicht März 2026.pdf", NULL, pdf, sizeof(pdf) - 1);
	attach(&x.b, name300, "application/pdf", pdf, sizeof(pdf) - 1);
	attach(&x.b, "empty.txt", NULL, NULL, 0);
	attach(&x.b, "/home/anne/Bilder/chart.png", NULL, png, sizeof(png) - 1)->is_inline = true;
	trip_run(&x);
	CHECK(x.longest <= 78);
	CHECK_STR_EQ(x.m.root->ctype.subtype, "mixed");
	CHECK_INT_EQ(x.m.root->children.len, 6);
	check_attachment(&x.m, "1", "text/plain", NULL, "Anbei die Unterlagen.\r\n", 23);
	check_attachment(&x.m, "2", "application/octet-stream", "random.bin", bin, big);
	check_attachment(&x.m, "3", "application/pdf", "Übersicht März 2026.pdf", pdf,
	    sizeof(pdf) - 1);
	check_attachment(&x.m, "4", "application/pdf", name300, pdf, sizeof(pdf) - 1);
	check_attachment(&x.m, "5", "text/plain", "empty.txt", "", 0);
	check_attachment(&x.m, "6", "image/png", "chart.png", png, sizeof(png) - 1);
	CHECK(field_is(mime_part_find(&x.m, "6"), "Content-Disposition",
	    "inline; filename=\"chart.png\""));
	CHECK(strstr(x.out.data, "Bilder") == NULL);	/* no directories */
	mime_render_attachments(&atts, &x.m);
	CHECK_INT_EQ(atts.len, 5);
	vec_free(&atts);
	trip_free(&x);
	free(bin);
	free(name300);
}

/* 7bit when a forwarded message is 7-bit already; else base64, which readers open too. */
TEST(build_forwarded_messages_go_7bit_when_they_can)
{
	static const char fwd[] = "From: Carl <carl@example.test>\nSubject: the plan\n"
	    "Date: Sun, 22 Nov 2026 10:04:05 +0100\n\nStep one.\n";
	static const char crlf[] = "From: Carl <carl@example.test>\r\nSubject: the plan\r\n"
	    "Date: Sun, 22 Nov 2026 10:04:05 +0100\r\n\r\nStep one.\r\n";
	static const char fwd8[] = "From: Jörg <j@example.test>\nSubject: Grüße\n"
	    "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nÄpfel\n";
	struct trip x;
	struct buf text = BUF_INIT, text8 = BUF_INIT;
	const struct mime_part *p, *p8;

	trip_init(&x);
	attach(&x.b, "the plan.eml", NULL, fwd, sizeof(fwd) - 1);
	attach(&x.b, NULL, "message/rfc822", fwd8, sizeof(fwd8) - 1)->is_inline = true;
	trip_run(&x);
	CHECK_INT_EQ(x.m.root->children.len, 2);
	p = mime_part_find(&x.m, "1");
	p8 = mime_part_find(&x.m, "2");
	CHECK(p != NULL && p->is_message && field_is(p, "Content-Transfer-Encoding", "7bit"));
	CHECK(p8 != NULL && p8->is_message && field_is(p8, "Content-Transfer-Encoding", "base64"));
	check_attachment(&x.m, "1", "message/rfc822", "the plan.eml", crlf, sizeof(crlf) - 1);
	check_attachment(&x.m, "2", "message/rfc822", NULL, fwd8, sizeof(fwd8) - 1);
	if (mime_part_find(&x.m, "1.1") != NULL && mime_part_find(&x.m, "2.1") != NULL) {
		mime_part_text(mime_part_find(&x.m, "1.1"), &text);
		mime_part_text(mime_part_find(&x.m, "2.1"), &text8);
	}
	CHECK_STR_EQ(buf_cstr(&text), "Step one.\n");
	CHECK_STR_EQ(buf_cstr(&text8), "Äpfel\n");
	trip_free(&x);
	buf_free(&text);
	buf_free(&text8);
}

TEST(build_threading_ids_come_back)
{
	struct trip x;
	char id[96];

	trip_init(&x);
	x.b.subject = xstrdup("Re: Re: plan");
	x.b.message_id = xstrdup("reply.42@example.test");
	x.b.in_reply_to = xstrdup("parent.41@example.test");
	for (int i = 0; i < 30; i++) {
		snprintf(id, sizeof(id), "%d.some-rather-long-identifier@mail.example.test", i);
		strvec_push(&x.b.references, id);
	}
	trip_run(&x);
	CHECK_STR_EQ(x.s.message_id, "reply.42@example.test");
	CHECK_STR_EQ(x.s.in_reply_to, "parent.41@example.test");
	CHECK_INT_EQ(strvec_len(&x.s.references), 30);
	for (size_t i = 0; i < strvec_len(&x.s.references) && i < 30; i++)
		CHECK_STR_EQ(strvec_get(&x.s.references, i), strvec_get(&x.b.references, i));
	trip_free(&x);
}

TEST(build_date_is_the_given_one_or_now)
{
	struct trip x;
	int64_t before = (int64_t)time(NULL);

	trip_init(&x);
	x.b.date_zone = -330;
	trip_run(&x);
	CHECK(x.s.has_date);
	CHECK_INT_EQ(x.s.date, 1795338245);
	CHECK_INT_EQ(x.s.date_zone, -330);
	CHECK(field_is(x.m.root, "Date", "Sun, 22 Nov 2026 03:34:05 -0530"));
	x.b.has_date = false;
	trip_run(&x);
	CHECK(x.s.has_date);
	CHECK(x.s.date >= before && x.s.date <= (int64_t)time(NULL));
	trip_free(&x);
}

TEST(build_puts_fields_in_the_usual_order)
{
	static const char *const order[] = { "Date", "From", "Sender", "To", "Cc", "Reply-To",
	    "Subject", "Message-ID", "In-Reply-To", "References", "MIME-Version", "X-Mailer",
	    "Content-Type", "Content-Transfer-Encoding" };
	struct trip x;
	struct mime_extra_field *xf;
	size_t n = sizeof(order) / sizeof(order[0]);

	trip_init(&x);
	add_addr(&x.b.from, "Second Author", "second@example.test");
	add_addr(&x.b.cc, NULL, "cc@example.test");
	add_addr(&x.b.reply_to, NULL, "list@example.test");
	x.b.subject = xstrdup("order");
	x.b.in_reply_to = xstrdup("a@b");
	strvec_push(&x.b.references, "a@b");
	xf = vec_push_zero(&x.b.extra);
	xf->name = xstrdup("X-Mailer");
	xf->value = xstrdup("taube");
	x.b.text = xstrdup("x\n");
	trip_run(&x);
	CHECK_INT_EQ(x.m.root->header.fields.len, n);
	for (size_t i = 0; i < n && i < x.m.root->header.fields.len; i++) {
		const struct mime_field *f = VEC_AT(&x.m.root->header.fields, struct mime_field, i);
		CHECK(f->name_len == strlen(order[i]) && !memcmp(f->name, order[i], f->name_len));
	}
	CHECK(field_is(x.m.root, "Sender", "Anne Example <anne@example.test>"));
	CHECK(field_is(x.m.root, "MIME-Version", "1.0"));
	trip_free(&x);
}

TEST(build_extra_fields_are_written_as_given_and_folded)
{
	char *value = repeat_to("keydata=AAAAB3NzaC1yc2EAAAADAQABAAABAQC", 600);
	struct trip x;
	struct mime_extra_field *f;

	trip_init(&x);
	f = vec_push_zero(&x.b.extra);
	f->name = xstrdup("Autocrypt");
	f->value = value;
	f = vec_push_zero(&x.b.extra);
	f->name = xstrdup("X-Empty");
	f->value = xstrdup("");
	trip_run(&x);
	CHECK(field_is(x.m.root, "Autocrypt", value));
	CHECK(field_is(x.m.root, "X-Empty", ""));
	trip_free(&x);
}

TEST(build_groups_are_written_as_groups)
{
	struct trip x;
	struct mime_addr *a;

	trip_init(&x);
	mime_addr_list_free(&x.b.to);
	add_addr(&x.b.to, "Anne", "anne@example.test");
	add_addr(&x.b.to, NULL, "x@example.test");
	VEC_AT(&x.b.to, struct mime_addr, 1)->group = xstrdup("Team Süd");
	add_addr(&x.b.to, "Y", "y@example.test");
	VEC_AT(&x.b.to, struct mime_addr, 2)->group = xstrdup("Team Süd");
	a = vec_push_zero(&x.b.to);
	a->group = xstrdup("undisclosed-recipients");
	trip_run(&x);
	CHECK_INT_EQ(x.s.to.len, 3);
	if (x.s.to.len == 3) {
		CHECK(VEC_AT(&x.s.to, struct mime_addr, 0)->group == NULL);
		CHECK_STR_EQ(VEC_AT(&x.s.to, struct mime_addr, 1)->group, "Team Süd");
		CHECK_STR_EQ(VEC_AT(&x.s.to, struct mime_addr, 2)->email, "y@example.test");
	}
	CHECK(strstr(x.out.data, "undisclosed-recipients:;") != NULL);
	trip_free(&x);
}

static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
well_formed_id(const char *id, const char *domain)
{
	return strlen(id) == 26 + 1 + strlen(domain) &&
	    strspn(id, "abcdefghijklmnopqrstuvwxyz234567") == 26 && id[26] == '@' &&
	    strcmp(id + 27, domain) == 0;
}

TEST(build_message_ids_are_unique_well_formed_and_from_the_from_domain)
{
	size_t n = 10000, dups = 0, bad = 0;
	char **ids = xcalloc(n, sizeof(*ids));
	struct buf one = BUF_INIT;
	struct trip x;

	for (size_t i = 0; i < n; i++) {
		buf_reset(&one);
		mime_make_message_id(&one, "example.test");
		ids[i] = xstrdup(buf_cstr(&one));
		bad += !well_formed_id(ids[i], "example.test");
	}
	qsort(ids, n, sizeof(*ids), compare_strings);
	for (size_t i = 1; i < n; i++)
		dups += strcmp(ids[i - 1], ids[i]) == 0;
	CHECK_INT_EQ(bad, 0);
	CHECK_INT_EQ(dups, 0);
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	buf_reset(&one);
	mime_make_message_id(&one, NULL);
	CHECK(well_formed_id(buf_cstr(&one), "localhost"));
	buf_free(&one);
	trip_init(&x);
	trip_run(&x);
	CHECK(x.s.message_id != NULL && well_formed_id(x.s.message_id, "example.test"));
	trip_free(&x);
}

/* mime_build must fail with a message naming what, and write nothing. */
static void
refused(struct mime_builder *b, const char *what)
{
	struct buf out = BUF_INIT;
	struct err e;

	err_clear(&e);
	CHECK_INT_EQ(mime_build(&out, b, &e), -1);
	CHECK_INT_EQ(out.len, 0);
	if (strstr(e.msg, what) == NULL)
		CHECK_FAIL_AT("error \"%s\" does not name \"%s\"", e.msg, what);
	CHECK(e.scope == ERR_MESSAGE);
	buf_free(&out);
	mime_builder_free(b);
}

static void
refused_extra(const char *name, const char *value, const char *what)
{
	struct mime_builder b;
	struct mime_extra_field *x;

	builder(&b);
	x = vec_push_zero(&b.extra);
	x->name = xstrdup(name);
	x->value = xstrdup(value);
	refused(&b, what);
}

TEST(build_refuses_line_breaks_in_values_it_is_given)
{
	struct mime_builder b;

	builder(&b);
	b.subject = xstrdup("hello\r\nBcc: victim@example.test");
	refused(&b, "Subject");
	builder(&b);
	b.subject = xstrdup("bare\nline feed");
	refused(&b, "Subject");
	builder(&b);
	add_addr(&b.to, "Eve\r\nBcc: x@example.test", "eve@example.test");
	refused(&b, "To: the name of address 2");
	builder(&b);
	add_addr(&b.cc, NULL, "eve@example.test\rX-Evil: 1");
	refused(&b, "Cc: address 1");
	builder(&b);
	b.in_reply_to = xstrdup("a@b>\r\nX: y");
	refused(&b, "In-Reply-To");
	builder(&b);
	attach(&b, "a\nb.txt", NULL, "x", 1);
	refused(&b, "attachment 1");
	refused_extra("X-Test", "one\r\ntwo", "X-Test");
}

TEST(build_refuses_bad_extra_fields_and_missing_from)
{
	struct mime_builder b;
	char long_local[300] = "";

	refused_extra("X Space", "v", "not a header field name");
	refused_extra("X:Colon", "v", "not a header field name");
	refused_extra("", "v", "no name");
	refused_extra("Ärger", "v", "not a header field name");
	refused_extra("subject", "v", "Subject");
	refused_extra("Content-Type", "text/html", "Content-Type");
	refused_extra("X-Umlaut", "Grüße", "not ASCII");
	builder(&b);
	mime_addr_list_free(&b.from);
	refused(&b, "From");
	builder(&b);
	add_addr(&b.to, "Jörg", "jörg@example.test");
	refused(&b, "not ASCII");
	builder(&b);
	add_addr(&b.to, NULL, strcat(memset(long_local, 'x', 250), "@example.test"));
	refused(&b, "To: address 2 is too long");
	builder(&b);
	attach(&b, "x", "text plain", "x", 1);
	refused(&b, "not a MIME type");
}

static void
check_boundaries(const struct mime_part *p)
{
	const char *bnd = mime_ctype_param(&p->ctype, "boundary");

	if (bnd != NULL) {
		struct buf body = BUF_INIT;

		for (size_t i = 0; i < p->children.len; i++) {
			const struct mime_part *c = *VEC_AT(&p->children, struct mime_part *, i);
			buf_reset(&body);
			mime_part_decode(c, &body);
			CHECK(memmem(buf_cstr(&body), body.len, bnd, strlen(bnd)) == NULL);
			check_boundaries(c);
		}
		buf_free(&body);
	}
}

TEST(build_boundaries_never_occur_in_the_content)
{
	static const char trap[] = "--=_\n=_=_=_\n--=_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa--\n";
	static const char fwd[] = "Subject: trap\n\n--=_aaaaaaaaaaaaaaaaaaaaaaaaaa\n";
	struct trip x;
	struct buf t = BUF_INIT;

	trip_init(&x);
	x.b.message_id = xstrdup("fixed@example.test");	/* takes no random bytes */
	x.b.text = xstrdup(trap);
	x.b.html = xstrdup("<pre>--=_</pre>\n");
	attach(&x.b, "trap.txt", NULL, trap, strlen(trap));
	attach(&x.b, "trap.eml", NULL, fwd, strlen(fwd));
	zero_draws = 2;		/* the alternative's first two boundaries are in the text */
	trip_run(&x);
	CHECK_INT_EQ(zero_draws, 0);
	CHECK_INT_EQ(x.m.part_count, 7);
	check_boundaries(x.m.root);
	if (mime_part_find(&x.m, "1.1") != NULL)
		mime_part_text(mime_part_find(&x.m, "1.1"), &t);
	CHECK_STR_EQ(buf_cstr(&t), trap);
	free(x.b.text);
	free(x.b.html);
	x.b.text = x.b.html = NULL;
	zero_draws = 1;		/* the first mixed boundary is in the forwarded message */
	trip_run(&x);
	CHECK_INT_EQ(zero_draws, 0);
	CHECK_INT_EQ(x.m.part_count, 4);
	check_boundaries(x.m.root);
	trip_free(&x);
	buf_free(&t);
}

CHECK_MAIN(build_subjects_in_german_and_czech_come_back,
    build_display_names_with_commas_quotes_and_umlauts_come_back,
    build_fifty_recipients_fold_and_come_back, build_writes_bcc_only_when_asked_to_keep_it,
    build_pure_ascii_text_goes_as_7bit, build_eight_bit_text_goes_quoted_printable,
    build_text_needing_protection_comes_back_exactly,
    build_html_becomes_an_alternative_after_the_text, build_minimal_messages_are_complete,
    build_attachments_come_back_byte_for_byte,
    build_forwarded_messages_go_7bit_when_they_can,
    build_threading_ids_come_back, build_date_is_the_given_one_or_now,
    build_puts_fields_in_the_usual_order, build_extra_fields_are_written_as_given_and_folded,
    build_groups_are_written_as_groups,
    build_message_ids_are_unique_well_formed_and_from_the_from_domain,
    build_refuses_line_breaks_in_values_it_is_given,
    build_refuses_bad_extra_fields_and_missing_from,
    build_boundaries_never_occur_in_the_content)
