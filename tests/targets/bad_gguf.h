// Bad model files for tests, made by patching the bytes of a good GGUF file written by
// `candor dev mkmodel` (llama architecture, f32): a tensor renamed so the model misses it, and
// tensor dimensions, counts, types, offsets and string lengths set to absurd values.
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace candor::testing {

struct BadGguf {
  std::string file;    // written into the directory given
  std::string expect;  // what the one-line error must say
};

namespace bad_gguf_detail {

inline std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read");
  return {std::istreambuf_iterator<char>(in), {}};
}

template <typename T>
void put(std::string& bytes, size_t at, T value) {
  if (at + sizeof value > bytes.size()) throw std::runtime_error("patch past the end of the file");
  std::memcpy(&bytes[at], &value, sizeof value);
}

template <typename T>
T get(const std::string& bytes, size_t at) {
  T value{};
  std::memcpy(&value, &bytes[at], sizeof value);
  return value;
}

// Where a GGUF string (u64 length, then the bytes) equal to `text` starts, throwing when absent.
inline size_t find_string(const std::string& bytes, const std::string& text) {
  std::string needle(8, '\0');
  const uint64_t n = text.size();
  std::memcpy(needle.data(), &n, 8);
  needle += text;
  const size_t at = bytes.find(needle);
  if (at == std::string::npos) throw std::runtime_error("'" + text + "' is not in the model file");
  return at;
}

// The tensor info of `name`: where its name starts and where its n_dims field is.
struct TensorInfo {
  size_t name_at;
  size_t n_dims_at;
  size_t ne_at(uint32_t i) const { return n_dims_at + 4 + 8 * i; }
};

inline TensorInfo tensor_info(const std::string& bytes, const std::string& name) {
  const size_t at = find_string(bytes, name);
  return {at, at + 8 + name.size()};
}

}  // namespace bad_gguf_detail

// Writes one bad variant of the model `good` per case into `dir` and says what each must be
// rejected for.
inline std::vector<BadGguf> write_bad_ggufs(const std::string& good, const std::string& dir) {
  using namespace bad_gguf_detail;
  const std::string model = read_all(good);
  std::vector<BadGguf> out;
  auto emit = [&](const std::string& file, const std::string& expect, const std::string& bytes) {
    std::ofstream f(dir + "/" + file, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) throw std::runtime_error(dir + "/" + file + ": cannot write");
    out.push_back({dir + "/" + file, expect});
  };
  const std::string q = "blk.0.attn_q.weight";
  const std::string up = "blk.0.ffn_up.weight";
  const std::string embd = "token_embd.weight";

  {  // A tensor the architecture needs is not there (renamed, same length).
    std::string b = model;
    const TensorInfo t = tensor_info(b, q);
    b[t.n_dims_at - 1] = 'X';
    emit("missing_tensor.gguf", "tensor '" + q + "' not found", b);
  }
  {  // Two dimensions swapped: same size, wrong shape for the architecture.
    std::string b = model;
    const TensorInfo t = tensor_info(b, up);
    const auto ne0 = get<int64_t>(b, t.ne_at(0)), ne1 = get<int64_t>(b, t.ne_at(1));
    if (ne0 == ne1) throw std::runtime_error(up + " is square: nothing to swap");
    put(b, t.ne_at(0), ne1);
    put(b, t.ne_at(1), ne0);
    emit("wrong_shape.gguf", "wrong shape", b);
  }
  {  // A dimension of 2^62 + 1 elements.
    std::string b = model;
    put<int64_t>(b, tensor_info(b, embd).ne_at(0), (int64_t{1} << 62) + 1);
    emit("huge_dimension.gguf", "total number of elements in tensor '" + embd + "'", b);
  }
  {  // A dimension of 2^62: times the vocabulary size, a multiple of 2^64 elements, which
     // wraps to a tensor of no elements at all in a 64-bit count.
    std::string b = model;
    put<int64_t>(b, tensor_info(b, embd).ne_at(0), int64_t{1} << 62);
    emit("wrapping_dimension.gguf", "corrupt GGUF header or metadata", b);
  }
  {  // A negative dimension.
    std::string b = model;
    put<int64_t>(b, tensor_info(b, embd).ne_at(1), -7);
    emit("negative_dimension.gguf", "invalid number of elements", b);
  }
  {  // A thousand dimensions.
    std::string b = model;
    put<uint32_t>(b, tensor_info(b, embd).n_dims_at, 1000);
    emit("many_dimensions.gguf", "invalid number of dimensions", b);
  }
  {  // A tensor type that does not exist.
    std::string b = model;
    const TensorInfo t = tensor_info(b, embd);
    const auto n_dims = get<uint32_t>(b, t.n_dims_at);
    put<uint32_t>(b, t.ne_at(n_dims), 9999);
    emit("bad_type.gguf", "invalid ggml type", b);
  }
  {  // A tensor's data placed 2^60 bytes into the file.
    std::string b = model;
    const TensorInfo t = tensor_info(b, embd);
    const auto n_dims = get<uint32_t>(b, t.n_dims_at);
    put<uint64_t>(b, t.ne_at(n_dims) + 4, uint64_t{1} << 60);
    emit("huge_offset.gguf", "offset", b);
  }
  {  // 2^62 tensors announced in the header (after the magic and the version).
    std::string b = model;
    put<int64_t>(b, 8, int64_t{1} << 62);
    emit("tensor_count.gguf", "number of tensors", b);
  }
  {  // 2^62 key-value pairs announced.
    std::string b = model;
    put<int64_t>(b, 16, int64_t{1} << 62);
    emit("kv_count.gguf", "number of key value pairs", b);
  }
  {  // A metadata string 2^40 bytes long.
    std::string b = model;
    const size_t key = find_string(b, "general.architecture");
    const size_t value = key + 8 + std::string("general.architecture").size() + 4;  // past the type
    put<uint64_t>(b, value, uint64_t{1} << 40);
    emit("string_length.gguf", "string length", b);
  }
  return out;
}

}  // namespace candor::testing
