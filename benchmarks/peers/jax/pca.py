from common import KEY, bench, jax, jnp, params

p = params({"n": 200000, "d": 1024, "k": 8, "iters": 15})
n, d, k, iters = p["n"], p["d"], p["k"], p["iters"]

@jax.jit
def program(key):
    ka, kq = jax.random.split(key)
    A = jax.random.uniform(ka, (n, d), jnp.float32)
    A = A - jnp.mean(A, axis=0, keepdims=True)
    G = (A.T @ A) / (n - 1)
    Q, _ = jnp.linalg.qr(jax.random.uniform(kq, (d, k), jnp.float32))
    Q = jax.lax.fori_loop(0, iters, lambda _, Q: jnp.linalg.qr(G @ Q)[0], Q)
    lam = jnp.diag(Q.T @ G @ Q)
    return lam[0] / jnp.sum(jnp.diag(G)), jnp.sum(lam)

def run():
    e1, total = program(KEY)
    return lambda: "RESULT_ok EXPLAINED1=%.4f TOPK_SUM=%.6e" % (float(e1), float(total))

bench(run, "JAX jit, the whole program")
