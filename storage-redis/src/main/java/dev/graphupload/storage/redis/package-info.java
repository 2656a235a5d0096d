/**
 * {@link dev.graphupload.core.store.SessionStore} in Redis, with upload leases: {@link
 * dev.graphupload.storage.redis.RedisSessionStore}.
 */
package dev.graphupload.storage.redis;
