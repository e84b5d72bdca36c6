#include <gtest/gtest.h>

#include "targets/targets.h"

namespace candor {
namespace {

TEST(TargetSpec, ParsesGgufWithOptions) {
  auto s = parse_target_spec("gguf:/models/qwen.gguf?threads=2&parallel=16");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->kind, "gguf");
  EXPECT_EQ(s->path, "/models/qwen.gguf");
  EXPECT_EQ(s->options.at("threads"), "2");
  EXPECT_EQ(s->options.at("parallel"), "16");
}

TEST(TargetSpec, ParsesOpenAiReplicasAndModel) {
  auto s = parse_target_spec("openai:http://a:8080/v1,http://b:8080/v1/#qwen2.5?key_env=MY_KEY");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->kind, "openai");
  ASSERT_EQ(s->base_urls.size(), 2u);
  EXPECT_EQ(s->base_urls[1], "http://b:8080/v1");
  EXPECT_EQ(s->model, "qwen2.5");
  EXPECT_EQ(s->options.at("key_env"), "MY_KEY");
}

TEST(TargetSpec, RejectsWhatItCannotUse) {
  EXPECT_FALSE(parse_target_spec("model.gguf").ok());
  EXPECT_FALSE(parse_target_spec("hf:org/model").ok());
  EXPECT_FALSE(parse_target_spec("openai:http://x/v1").ok());  // no #MODEL
  EXPECT_FALSE(parse_target_spec("openai:ftp://x#m").ok());
  EXPECT_FALSE(parse_target_spec("gguf:").ok());
  auto bad = parse_target_spec("gguf:m.gguf?thread=2");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("unknown option 'thread'"), std::string::npos);
}

}  // namespace
}  // namespace candor
