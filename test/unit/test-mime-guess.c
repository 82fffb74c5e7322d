/* Unit tests for mime_guess_type: content first, then the name, then text or binary. */
#include "check.h"

#include <stdlib.h>

#include "mime/build.h"
#include "util/xalloc.h"

#define GUESS(name, bytes) mime_guess_type((name), (bytes), sizeof(bytes) - 1)

TEST(guess_knows_common_formats_by_their_first_bytes)
{
	CHECK_STR_EQ(GUESS("scan.bin", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "application/pdf");
	CHECK_STR_EQ(GUESS(NULL, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "image/png");
	CHECK_STR_EQ(GUESS("photo", "\xff\xd8\xff\xe0\0\x10JFIF\0"), "image/jpeg");
	CHECK_STR_EQ(GUESS("a", "GIF89a\x01\0\x01\0"), "image/gif");
	CHECK_STR_EQ(GUESS("a", "RIFF\x24\0\0\0WEBPVP8 "), "image/webp");
	CHECK_STR_EQ(GUESS("archive", "PK\x03\x04\x14\0\0\0\x08\0"), "application/zip");
	CHECK_STR_EQ(GUESS("log.1", "\x1f\x8b\x08\0\0\0\0\0\0\x03"), "application/gzip");
	CHECK_STR_EQ(GUESS("key", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF"),
	    "application/pgp-keys");
	CHECK_STR_EQ(GUESS("invite", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "text/calendar");
}

TEST(guess_content_wins_over_a_misleading_name)
{
	CHECK_STR_EQ(GUESS("notes.txt", "%PDF-1.4\n"), "application/pdf");
	CHECK_STR_EQ(GUESS("picture.png", "\xff\xd8\xff\xdb"), "image/jpeg");
}

TEST(guess_tells_office_documents_inside_zip)
{
	static const char ooxml[] = "PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0\0\0\0\0\0\0\0\0\0\0\0\0"
	    "\x13\0\0\0[Content_Types].xml PK\x03\x04 word/document.xml";
	static const char odt[] = "PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
	    "\x08\0\0\0mimetypeapplication/vnd.oasis.opendocument.textPK";

	CHECK_STR_EQ(GUESS("Bericht.docx", "PK\x03\x04\x14\0"),
	    "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	CHECK_STR_EQ(GUESS("unnamed", ooxml),
	    "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	CHECK_STR_EQ(GUESS(NULL, odt), "application/vnd.oasis.opendocument.text");
}

TEST(guess_falls_back_to_the_extension)
{
	CHECK_STR_EQ(GUESS("table.csv", "a,b\n1,2\n"), "text/csv");
	CHECK_STR_EQ(GUESS("SCAN.PDF", "\0\0garbage"), "application/pdf");
	CHECK_STR_EQ(GUESS("dir/page.html", "<p>hi</p>"), "text/html");
	CHECK_STR_EQ(GUESS("fwd.eml", "Subject: x\n\nbody\n"), "message/rfc822");
	CHECK_STR_EQ(GUESS("report.docx", "\0\0"),
	    "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	CHECK_STR_EQ(GUESS("song.mp3", "\xff\xfb\x90\0"), "audio/mpeg");
}

TEST(guess_takes_utf8_without_nul_for_text)
{
	CHECK_STR_EQ(GUESS("README", "Grüße aus München\n"), "text/plain");
	CHECK_STR_EQ(GUESS(".profile", "export A=1\n"), "text/plain");
	CHECK_STR_EQ(GUESS("v1.d/data", "plain words"), "text/plain");
	CHECK_STR_EQ(GUESS("blob", "abc\0def"), "application/octet-stream");
	CHECK_STR_EQ(GUESS("latin1", "Gr\xfc\xdf" "e"), "application/octet-stream");
	CHECK_STR_EQ(mime_guess_type(NULL, NULL, 0), "text/plain");
}

/* Only the first 64 KiB count, and a character cut by that edge is no error. */
TEST(guess_looks_at_the_first_64_kib_only)
{
	size_t len = 200000;
	char *data = xmalloc(len);

	memset(data, 'a', len);
	memcpy(data + 65535, "\xc3\xbc", 2);	/* "ü" across the edge */
	data[100000] = '\0';
	CHECK_STR_EQ(mime_guess_type("big", data, len), "text/plain");
	data[1000] = '\0';
	CHECK_STR_EQ(mime_guess_type("big", data, len), "application/octet-stream");
	free(data);
}

TEST(guess_needs_more_than_two_letters_for_a_bitmap)
{
	static const char bmp[] = "BM\x0e\0\0\0\0\0\0\0\x36\0\0\0";

	CHECK_STR_EQ(mime_guess_type("x", bmp, 14), "image/bmp");
	CHECK_STR_EQ(GUESS("x", "BMW drivers meeting\n"), "text/plain");
}

CHECK_MAIN(guess_knows_common_formats_by_their_first_bytes,
    guess_content_wins_over_a_misleading_name, guess_tells_office_documents_inside_zip,
    guess_falls_back_to_the_extension, guess_takes_utf8_without_nul_for_text,
    guess_looks_at_the_first_64_kib_only, guess_needs_more_than_two_letters_for_a_bitmap)
