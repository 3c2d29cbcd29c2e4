"""Django's Redis cache, without a new client object for every operation.

Django's RedisCacheClient makes a new `redis.Redis` for each call (`get_client`), and its
constructor fills a dictionary of some eighty response callbacks: on this machine that cost more
than the round trip to Redis itself, twice for a page served from the cache. A `redis.Redis` is
thread-safe and shares its connection pool, so one per pool is kept here. Everything else is
Django's own backend.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
