#pragma once
// The stdio streams of the transport on POSIX: Asio's stream descriptors (epoll). CMake puts
// this folder or platform/windows on the include path; the transport sees one type either way.

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

namespace cw::platform {

using StdioStream = boost::asio::posix::stream_descriptor;

// Take ownership of a descriptor. The output one also asks for a 1 MiB pipe.
StdioStream input_stream(boost::asio::io_context& io, int fd);
StdioStream output_stream(boost::asio::io_context& io, int fd);

}  // namespace cw::platform
