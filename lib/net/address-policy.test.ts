import { describe, expect, it } from "vitest";
import { classifyAddress, isMetadataHost, refusalFor } from "@/lib/net/address-policy";

describe("address policy", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["169.254.169.254", "link_local"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "link_local"],
    ["fd00::1", "private"],
    ["2001:4860:4860::8888", "public"],
    ["::ffff:169.254.169.254", "link_local"],
    ["::ffff:a9fe:a9fe", "link_local"],
    ["::ffff:127.0.0.1", "loopback"],
  ])("%s is %s", (ip, cls) => {
    expect(classifyAddress(ip)).toBe(cls);
  });

  it("always refuses link-local and metadata, and private ranges only when hardened", () => {
    expect(refusalFor("169.254.169.254", false)).toMatch(/link-local/);
    expect(refusalFor("fe80::1", false)).toMatch(/link-local/);
    expect(refusalFor("127.0.0.1", false)).toBeUndefined();
    expect(refusalFor("10.0.0.1", false)).toBeUndefined();
    expect(refusalFor("127.0.0.1", true)).toMatch(/loopback/);
    expect(refusalFor("192.168.0.10", true)).toMatch(/private/);
    expect(refusalFor("93.184.216.34", true)).toBeUndefined();
    expect(isMetadataHost("metadata.google.internal.")).toBe(true);
    expect(isMetadataHost("example.com")).toBe(false);
  });

  it.each([
    ["fd00:ec2::254", "AWS instance metadata over IPv6 (a unique-local address)"],
    ["FD00:EC2:0:0:0:0:0:254", "the same, written out"],
    ["100.100.100.200", "Alibaba Cloud metadata (a carrier-grade NAT address)"],
    ["::ffff:100.100.100.200", "the same, IPv4-mapped"],
    ["64:ff9b::a9fe:a9fe", "169.254.169.254 through the NAT64 well-known prefix"],
    ["64:ff9b::169.254.169.254", "the same, dotted"],
    ["2002:a9fe:a9fe::1", "169.254.169.254 through 6to4"],
  ])("refuses %s (%s) even when private ranges are allowed", (ip) => {
    expect(refusalFor(ip, false)).toBeDefined();
  });

  it("still allows ordinary private and NAT64-translated public addresses when not hardened", () => {
    expect(refusalFor("fd12:3456::1", false)).toBeUndefined();
    expect(refusalFor("100.64.10.1", false)).toBeUndefined();
    expect(refusalFor("64:ff9b::808:808", false)).toBeUndefined();
    expect(refusalFor("64:ff9b::a00:1", true)).toMatch(/private/);
  });
});
