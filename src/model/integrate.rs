//! Fixed-step integrators, Euler and classic fourth-order Runge-Kutta, over a caller's system.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::error::Error;

/// A system of ordinary differential equations `dy/dt = f(y)` with `N` state variables.
/// Inputs that vary in time are held by the system for the length of a step.
pub trait System<const N: usize> {
    /// Writes the rates of change at `y` into `dy`.
    fn derivatives(&self, y: &[f64; N], dy: &mut [f64; N]);
}

/// The integration method of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Integrator {
    /// Forward Euler: first order, one evaluation a step.
    Euler,
    /// Classic Runge-Kutta: fourth order, four evaluations a step.
    Rk4,
}

impl Integrator {
    /// `euler` or `rk4`.
    pub fn id(self) -> &'static str {
        match self {
            Integrator::Euler => "euler",
            Integrator::Rk4 => "rk4",
        }
    }

    /// Advances `y` by one step of `dt`, given `k1`, the derivatives at `y` (which the caller
    /// has usually computed already, to record the flows at the start of the step).
    #[inline(always)]
    pub fn step<const N: usize, S: System<N>>(
        self,
        system: &S,
        y: &mut [f64; N],
        k1: &[f64; N],
        dt: f64,
    ) {
        match self {
            Integrator::Euler => {
                for i in 0..N {
                    y[i] += dt * k1[i];
                }
            }
            Integrator::Rk4 => {
                let mut stage = [0.0; N];
                let mut k2 = [0.0; N];
                let mut k3 = [0.0; N];
                let mut k4 = [0.0; N];
                for i in 0..N {
                    stage[i] = y[i] + 0.5 * dt * k1[i];
                }
                system.derivatives(&stage, &mut k2);
                for i in 0..N {
                    stage[i] = y[i] + 0.5 * dt * k2[i];
                }
                system.derivatives(&stage, &mut k3);
                for i in 0..N {
                    stage[i] = y[i] + dt * k3[i];
                }
                system.derivatives(&stage, &mut k4);
                for i in 0..N {
                    y[i] += dt / 6.0 * (k1[i] + 2.0 * (k2[i] + k3[i]) + k4[i]);
                }
            }
        }
    }
}

impl FromStr for Integrator {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        match text {
            "euler" => Ok(Integrator::Euler),
            "rk4" => Ok(Integrator::Rk4),
            _ => Err(Error::UnknownIntegrator { given: text.into() }),
        }
    }
}
