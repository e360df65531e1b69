// EventStream: SSE framing, ids, replay for Last-Event-ID, takeover by a newer connection.
#include "transport/event_stream.hpp"

#include <gtest/gtest.h>

#include <thread>

using conhub::mcp::detail::EventStream;
using namespace std::chrono_literals;

namespace {

std::string take_all(EventStream& stream, std::uint64_t generation) {
  std::string out;
  while (stream.take(generation, out, 1ms) == EventStream::Next::kEvents) {
  }
  return out;
}

}  // namespace

TEST(EventStream, FramesMessagesWithStreamScopedIds) {
  EventStream stream(std::string("3"), 16);
  auto reader = stream.attach();
  stream.push(R"({"a":1})");
  stream.push(R"({"b":2})");
  EXPECT_EQ(take_all(stream, reader), "id: 3-0\nevent: message\ndata: {\"a\":1}\n\nid: 3-1\nevent: message\ndata: {\"b\":2}\n\n");
}

TEST(EventStream, StreamsWithoutIdsCarryNone) {
  EventStream stream(std::nullopt, 16);
  auto reader = stream.attach();
  stream.push("{}");
  EXPECT_EQ(take_all(stream, reader), "event: message\ndata: {}\n\n");
}

TEST(EventStream, FinishedStreamReportsFinishedAfterItsEvents) {
  EventStream stream(std::string("1"), 16);
  auto reader = stream.attach();
  stream.push("{}");
  stream.finish();
  stream.push("{\"late\":true}");  // ignored after finish
  std::string out;
  EXPECT_EQ(stream.take(reader, out, 1ms), EventStream::Next::kEvents);
  EXPECT_EQ(out.find("late"), std::string::npos);
  EXPECT_EQ(stream.take(reader, out, 1ms), EventStream::Next::kFinished);
}

TEST(EventStream, ResumeReplaysEverythingAfterTheLastEventId) {
  EventStream stream(std::string("2"), 16);
  auto first = stream.attach();
  stream.push("{\"n\":0}");
  stream.push("{\"n\":1}");
  take_all(stream, first);  // the client saw both, but its connection dropped after 2-0
  stream.push("{\"n\":2}");
  auto seq = stream.resumable_seq("2-0");
  ASSERT_TRUE(seq);
  auto second = stream.attach(seq);
  const std::string replay = take_all(stream, second);
  EXPECT_EQ(replay.find("\"n\":0"), std::string::npos);
  EXPECT_NE(replay.find("id: 2-1"), std::string::npos);
  EXPECT_NE(replay.find("id: 2-2"), std::string::npos);
}

TEST(EventStream, ForeignMalformedOrEvictedIdsCannotResume) {
  EventStream stream(std::string("5"), 2);
  for (int i = 0; i < 5; ++i) stream.push("{}");
  EXPECT_FALSE(stream.resumable_seq("4-1"));   // another stream
  EXPECT_FALSE(stream.resumable_seq("5-x"));
  EXPECT_FALSE(stream.resumable_seq("5-"));
  EXPECT_FALSE(stream.resumable_seq("5-9"));   // never sent
  EXPECT_FALSE(stream.resumable_seq("5-0"));   // 5-1 was evicted (2 events kept)
  EXPECT_TRUE(stream.resumable_seq("5-2"));    // 5-3 and 5-4 are kept
}

TEST(EventStream, NewerConnectionSupersedesTheOlder) {
  EventStream stream(std::string("0"), 16);
  auto old_reader = stream.attach();
  auto new_reader = stream.attach();
  std::string out;
  EXPECT_EQ(stream.take(old_reader, out, 1ms), EventStream::Next::kSuperseded);
  stream.push("{}");
  EXPECT_EQ(stream.take(new_reader, out, 1ms), EventStream::Next::kEvents);
}

TEST(EventStream, FreshReaderGetsWhatNoEarlierReaderDelivered) {
  EventStream stream(std::string("0"), 16);
  stream.push("{\"queued\":1}");  // produced while no GET stream was open
  auto reader = stream.attach();
  std::string out;
  ASSERT_EQ(stream.take(reader, out, 1ms), EventStream::Next::kEvents);
  stream.delivered(reader);
  EXPECT_NE(out.find("queued"), std::string::npos);
  stream.push("{\"next\":1}");
  auto fresh = stream.attach();  // a new GET without Last-Event-ID
  const std::string rest = take_all(stream, fresh);
  EXPECT_EQ(rest.find("queued"), std::string::npos);
  EXPECT_NE(rest.find("next"), std::string::npos);
}

TEST(EventStream, ReaderWakesWhenAWorkerPushes) {
  EventStream stream(std::nullopt, 16);
  auto reader = stream.attach();
  std::thread worker([&] {
    std::this_thread::sleep_for(20ms);
    stream.push("{}");
  });
  std::string out;
  EXPECT_EQ(stream.take(reader, out, 5s), EventStream::Next::kEvents);
  worker.join();
}
