#include "base/text.h"

#include <gtest/gtest.h>

namespace candor {
namespace {

TEST(Utf8, AcceptsAsciiChineseAndEmoji) {
  EXPECT_TRUE(is_valid_utf8("Tiananmen 天安门 🙂 à"));
}

TEST(Utf8, RejectsTruncatedOverlongAndSurrogates) {
  EXPECT_FALSE(is_valid_utf8("\xE5\xA4"));          // 天 cut short
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_EQ(invalid_utf8_offset("ok\xFFok"), 2u);
}

TEST(Utf8, SanitizeReplacesOnlyTheBadBytes) {
  EXPECT_EQ(sanitize_utf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(sanitize_utf8("天安门"), "天安门");
  // A character cut short is one replacement, not one per byte (Unicode's maximal subpart).
  EXPECT_EQ(sanitize_utf8("\xE5\xA4!"), "\xEF\xBF\xBD!");
  EXPECT_EQ(sanitize_utf8("\x80\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(sanitize_utf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(TerminalSafe, StripsEscapeSequencesAndControls) {
  EXPECT_EQ(terminal_safe("red \x1B[31mtext\x1B[0m end"), "red text end");
  EXPECT_EQ(terminal_safe("title\x1B]0;pwned\x07 ok"), "title ok");
  EXPECT_EQ(terminal_safe(std::string("nul\0byte", 8)), "nulbyte");
  EXPECT_EQ(terminal_safe("keep\nnewlines\tand tabs"), "keep\nnewlines\tand tabs");
  EXPECT_EQ(terminal_safe("c1\xC2\x9B" "31m"), "c131m");
}

TEST(Trim, RemovesSurroundingWhitespaceOnly) {
  EXPECT_EQ(trim("  a b \n"), "a b");
  EXPECT_EQ(trim(""), "");
}

}  // namespace
}  // namespace candor
