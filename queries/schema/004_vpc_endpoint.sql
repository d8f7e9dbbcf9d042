-- Migration 004: the VPC endpoint a call came through (vpcEndpointId), part of where a credential
-- was used (src/trace/findings.ts). Events loaded before this migration have none recorded.
ALTER TABLE events ADD COLUMN vpc_endpoint_id VARCHAR;
