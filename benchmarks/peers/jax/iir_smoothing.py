from common import KEY, bench, jax, jnp, params

p = params({"M": 1000000, "T": 2048, "unroll": 16})
M, T = p["M"], p["T"]

@jax.jit
def program(key):
    def step(t, Y):
        x = jax.random.uniform(jax.random.fold_in(key, t), (M, 1), jnp.float32)
        return jnp.float32(0.98) * Y + jnp.float32(0.02) * x
    Y = jax.lax.fori_loop(0, T, step, jnp.zeros((M, 1), jnp.float32), unroll=p["unroll"])
    return jnp.mean(Y)

def run():
    mean = program(KEY)
    return lambda: "RESULT_ok MEAN=%.6e" % float(mean)

bench(run, "JAX jit, fori_loop unroll %d" % p["unroll"])
