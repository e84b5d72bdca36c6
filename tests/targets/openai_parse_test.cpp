// The chat-completion response parsers: plain JSON, SSE streams, error bodies, Retry-After.
#include "targets/openai_parse.h"

#include <gtest/gtest.h>

#include <random>

namespace candor {
namespace {

const char* kPlain = R"({
  "id": "chatcmpl-1", "object": "chat.completion", "model": "m",
  "choices": [{"index": 0, "finish_reason": "stop",
               "message": {"role": "assistant", "content": "Four students were killed."}}],
  "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}
})";

TEST(ParseChatCompletion, ReadsContentFinishReasonAndUsage) {
  auto r = parse_chat_completion(kPlain);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->content, "Four students were killed.");
  EXPECT_EQ(r->finish_reason, "stop");
  EXPECT_EQ(r->prompt_tokens, 12);
  EXPECT_EQ(r->completion_tokens, 5);
  EXPECT_FALSE(r->has_reasoning_field);
}

TEST(ParseChatCompletion, KeepsReasoningFieldsApart) {
  auto a = parse_chat_completion(
      R"({"choices":[{"message":{"content":"No.","reasoning_content":"The user asks..."}}]})");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->content, "No.");
  EXPECT_EQ(a->reasoning, "The user asks...");
  EXPECT_TRUE(a->has_reasoning_field);
  auto b = parse_chat_completion(R"({"choices":[{"message":{"content":"No.","reasoning":"hm"}}]})");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->reasoning, "hm");
  auto empty = parse_chat_completion(
      R"({"choices":[{"message":{"content":"No.","reasoning_content":""}}]})");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->has_reasoning_field);
  EXPECT_EQ(empty->reasoning, "");
  auto null_field = parse_chat_completion(
      R"({"choices":[{"message":{"content":"No.","reasoning_content":null}}]})");
  ASSERT_TRUE(null_field.ok());
  EXPECT_FALSE(null_field->has_reasoning_field);
}

TEST(ParseChatCompletion, AcceptsNullContentAndContentParts) {
  auto null_content = parse_chat_completion(R"({"choices":[{"message":{"content":null}}]})");
  ASSERT_TRUE(null_content.ok());
  EXPECT_EQ(null_content->content, "");
  auto parts = parse_chat_completion(
      R"({"choices":[{"message":{"content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}}]})");
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->content, "ab");
}

TEST(ParseChatCompletion, OddUsageIsTreatedAsMissing) {
  auto r = parse_chat_completion(
      R"({"choices":[{"message":{"content":"x"}}],"usage":{"prompt_tokens":-3,"completion_tokens":"7"}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->prompt_tokens, -1);
  EXPECT_EQ(r->completion_tokens, -1);
  auto huge = parse_chat_completion(
      R"({"choices":[{"message":{"content":"x"}}],"usage":{"prompt_tokens":99999999999999}})");
  ASSERT_TRUE(huge.ok());
  EXPECT_EQ(huge->prompt_tokens, 2147483647);
}

TEST(ParseChatCompletion, FinishReasonIsKeptShortAndPrintable) {
  auto r = parse_chat_completion(
      "{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":\"content_filter\\u001b["
      "31m\"}]}");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->finish_reason, "content_filter31m");
}

TEST(ParseChatCompletion, MalformedBodiesAreErrorsNamingTheProblem) {
  struct Case {
    const char* body;
    const char* says;
  } cases[] = {
      {"", "not valid JSON"},
      {"{\"choices\": [", "not valid JSON"},
      {"<html>502 Bad Gateway</html>", "not valid JSON"},
      {"[1,2]", "not a JSON object"},
      {"{}", "no choices"},
      {R"({"choices": {}})", "no choices"},
      {R"({"choices": []})", "no choices"},
      {R"({"choices": [1]})", "no choices"},
      {R"({"choices": [{"index": 0}]})", "no message"},
      {R"({"choices": [{"message": "hi"}]})", "no message"},
      {R"({"choices": [{"message": {"content": 42}}]})", "neither text"},
      {R"({"error": {"message": "model overloaded"}})", "model overloaded"},
      {R"({"error": "quota"})", "quota"},
  };
  for (const auto& c : cases) {
    auto r = parse_chat_completion(c.body);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_NE(r.error().message.find(c.says), std::string::npos)
        << c.body << " -> " << r.error().message;
  }
}

std::string chunk(const std::string& delta, const std::string& finish = "null") {
  return "data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" +
         delta + ",\"finish_reason\":" + finish + "}]}\n\n";
}

std::string stream_text() {
  return ": keep-alive comment\n\n" + chunk(R"({"role":"assistant","content":""})") +
         chunk(R"({"reasoning_content":"Let me "})") + chunk(R"({"reasoning_content":"think."})") +
         chunk(R"({"content":"台湾"})") + chunk(R"({"content":" is an island."})") +
         chunk("{}", "\"stop\"") +
         "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4}}\n\n"
         "data: [DONE]\n\n";
}

void expect_full_stream(const Result<ChatResponse>& r) {
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->content, "台湾 is an island.");
  EXPECT_EQ(r->reasoning, "Let me think.");
  EXPECT_TRUE(r->has_reasoning_field);
  EXPECT_EQ(r->finish_reason, "stop");
  EXPECT_EQ(r->prompt_tokens, 9);
  EXPECT_EQ(r->completion_tokens, 4);
}

TEST(SseParser, AssemblesDeltasReasoningAndUsage) {
  SseParser p;
  ASSERT_TRUE(p.feed(stream_text()).ok());
  EXPECT_TRUE(p.done());
  expect_full_stream(p.finish());
}

TEST(SseParser, GivesTheSameResultHoweverTheBytesAreSplit) {
  const std::string text = stream_text();
  for (size_t size : {1, 2, 3, 7, 64}) {
    SseParser p;
    for (size_t i = 0; i < text.size(); i += size) ASSERT_TRUE(p.feed(text.substr(i, size)).ok());
    expect_full_stream(p.finish());
  }
}

TEST(SseParser, AcceptsCrLfAndCrLineEndings) {
  std::string crlf, cr;
  for (char c : stream_text()) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    cr += c == '\n' ? '\r' : c;
  }
  for (const std::string* text : {&crlf, &cr}) {
    SseParser whole;
    ASSERT_TRUE(whole.feed(*text).ok());
    expect_full_stream(whole.finish());
    SseParser bytewise;  // a "\r\n" split between two reads is one line end, not two
    for (char c : *text) ASSERT_TRUE(bytewise.feed(std::string(1, c)).ok());
    expect_full_stream(bytewise.finish());
  }
}

TEST(SseParser, JoinsMultiLineDataAndIgnoresWhatFollowsDone) {
  SseParser p;
  ASSERT_TRUE(p.feed("data: {\"choices\":[{\"index\":0,\n"
                     "data: \"delta\":{\"content\":\"ok\"}}]}\n\n"
                     "data: [DONE]\n\n"
                     "data: {\"choices\":[{\"delta\":{\"content\":\" extra\"}}]}\n\n")
                  .ok());
  auto r = p.finish();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->content, "ok");
}

TEST(SseParser, StreamCutBeforeDoneIsAnError) {
  const std::string text = stream_text();
  const size_t cut = text.find("台湾") + 10;
  SseParser p;
  ASSERT_TRUE(p.feed(text.substr(0, cut)).ok());
  auto r = p.finish();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("cut short"), std::string::npos) << r.error().message;
  SseParser empty;
  EXPECT_FALSE(empty.finish().ok());
}

TEST(SseParser, FinishReasonWithoutDoneMarkerStillCounts) {
  SseParser p;
  ASSERT_TRUE(p.feed(chunk(R"({"content":"yes"})") + chunk("{}", "\"length\"")).ok());
  auto r = p.finish();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->finish_reason, "length");
  EXPECT_EQ(r->content, "yes");
}

TEST(SseParser, ErrorsInTheStreamAreErrorsAndStick) {
  SseParser a;
  EXPECT_FALSE(a.feed("data: {\"error\":{\"message\":\"slot unavailable\"}}\n\n").ok());
  auto ra = a.finish();
  ASSERT_FALSE(ra.ok());
  EXPECT_NE(ra.error().message.find("slot unavailable"), std::string::npos);
  EXPECT_FALSE(a.feed(chunk(R"({"content":"late"})")).ok());

  SseParser b;
  EXPECT_FALSE(b.feed("event: error\ndata: overloaded\n\n").ok());
  SseParser c;
  EXPECT_FALSE(c.feed("data: {not json\n\n").ok());
  SseParser d;
  EXPECT_FALSE(d.feed("data: [1,2]\n\n").ok());
  SseParser e;
  EXPECT_FALSE(e.feed(chunk(R"({"content":7})")).ok());
}

TEST(SseParser, AnEndlessLineIsRefused) {
  SseParser p;
  const std::string mb(1 << 20, 'x');
  Status s;
  for (int i = 0; i < 20 && s.ok(); ++i) s = p.feed(mb);
  EXPECT_FALSE(s.ok());
  EXPECT_FALSE(p.finish().ok());
}

// Every prefix and a few thousand random mutations of valid bodies: values or errors, never a
// crash (the fuzz target explores this further; here it runs in every test run under ASan).
TEST(Parsers, AnyBytesGiveAValueOrAnError) {
  const std::string plain = kPlain;
  const std::string sse = stream_text();
  for (size_t n = 0; n <= plain.size(); ++n) (void)parse_chat_completion(plain.substr(0, n));
  for (size_t n = 0; n <= sse.size(); ++n) {
    SseParser p;
    (void)p.feed(sse.substr(0, n));
    (void)p.finish();
  }
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) {
    std::string a = plain, b = sse;
    for (int k = 0; k < 4; ++k) {
      a[rng() % a.size()] = static_cast<char>(rng());
      b[rng() % b.size()] = static_cast<char>(rng());
    }
    (void)parse_chat_completion(a);
    (void)error_summary(a);
    SseParser p;
    (void)p.feed(b);
    (void)p.finish();
  }
}

TEST(ErrorSummary, PrefersTheServersMessageAndStaysOneSafeLine) {
  EXPECT_EQ(error_summary(R"({"error":{"message":"Rate limit reached","type":"requests"}})"),
            "Rate limit reached");
  EXPECT_EQ(error_summary(R"({"detail":"Not Found"})"), "Not Found");
  EXPECT_EQ(error_summary("upstream\n\x1b[31mtimeout\x1b[0m\n"), "upstream timeout");
  const std::string long_text(1000, 'a');
  EXPECT_LE(error_summary(long_text, 50).size(), 53u);
  EXPECT_EQ(error_summary(""), "");
}

TEST(ParseRetryAfter, ReadsSecondsAndHttpDates) {
  const auto now = std::chrono::system_clock::from_time_t(784111777);  // 06 Nov 1994 08:49:37
  EXPECT_EQ(parse_retry_after("120", now), 120.0);
  EXPECT_EQ(parse_retry_after(" 1.5 ", now), 1.5);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), 10.0);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now), 0.0);  // in the past
  EXPECT_FALSE(parse_retry_after("", now).has_value());
  EXPECT_FALSE(parse_retry_after("soon", now).has_value());
  EXPECT_FALSE(parse_retry_after("1.2.3", now).has_value());
}

}  // namespace
}  // namespace candor
