//! The six stories the model must be able to tell, as parameter settings. Verdicts are not
//! stored here: they come out of running each preset.

use serde::Serialize;

use crate::error::Error;
use crate::model::params::{Param, Params};

/// A named scenario: changes from the default parameters, with the story they tell.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Preset {
    pub id: &'static str,
    pub title: &'static str,
    /// One paragraph for the preset menu.
    pub story: &'static str,
    #[serde(skip)]
    pub settings: &'static [(Param, f64)],
}

/// Every preset, `healthy` first.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "healthy",
        title: "Healthy flywheel",
        story:
            "Every layer feeds the next. Paying users fund an incentive pool that grows compute, \
                models, applications and verification in balance, and served demand pays for more \
                than itself, so the loop grows year after year. As it grows the bottleneck moves: \
                in the first year adoption holds it back, later the supply.",
        settings: &[],
    },
    Preset {
        id: "models-nobody-uses",
        title: "Models nobody uses",
        story: "The network pays generously for hosting models and hosts many good ones, but few \
                developers build applications on them and grants for apps are thin. The models sit \
                idle while users' requests queue at the handful of applications.",
        settings: &[
            (Param::ModelsInitial, 400.0),
            (Param::ModelsPayoutShare, 0.6),
            (Param::ApplicationsInitial, 20.0),
            (Param::ApplicationsBuildRate, 0.02),
            (Param::ApplicationsPayoutShare, 0.02),
        ],
    },
    Preset {
        id: "apps-without-audience",
        title: "Apps without an audience",
        story: "Developers ship application after application, funded by grants and inspired by \
                the models on offer, but the network has no pull with people: little outside \
                influence and weak word of mouth. Apps, models and compute wait for users who do \
                not come.",
        settings: &[
            (Param::ApplicationsInitial, 1_500.0),
            (Param::ApplicationsBuildRate, 4.0),
            (Param::UsersOutsideInfluence, 0.005),
            (Param::UsersWordOfMouth, 0.05),
        ],
    },
    Preset {
        id: "hype-without-value",
        title: "Hype without value",
        story: "A large treasury and loud word of mouth bring a flood of inference requests, but \
                almost nobody pays for them. For a while the pool hides it; then incentives dry \
                up, GPUs, models and apps leave, and the supply shrinks under the demand.",
        settings: &[
            (Param::UsersWordOfMouth, 1.5),
            (Param::UsersRequestsPerUser, 150.0),
            (Param::PaymentsPayingShare, 0.03),
            (Param::IncentivesInitialPool, 20_000_000.0),
            (Param::IncentivesPayoutRate, 0.03),
        ],
    },
    Preset {
        id: "verification-ignored",
        title: "Verification ignored",
        story: "The network verifies inference well, but hardly any user cares yet whether a \
                result was verified, so verification is not what holds the loop back. Raise how \
                much users care about reliability (trust.reliability_care) and the slow-growing \
                verification and trust become the layer that decides how much demand comes in.",
        settings: &[
            (Param::TrustReliabilityCare, 0.05),
            (Param::TrustInitial, 0.2),
            (Param::TrustBuildWeeks, 30.0),
            (Param::VerificationPayoutShare, 0.05),
        ],
    },
    Preset {
        id: "compute-crunch",
        title: "Compute crunch",
        story: "Users arrive fast and use the network heavily, but GPU supply is thin and the \
                incentive split sends little to compute. Demand outgrows decentralized compute: \
                requests pile up at the GPUs while models and apps have room to spare.",
        settings: &[
            (Param::ComputeInitialGpus, 500.0),
            (Param::ComputePayoutShare, 0.05),
            (Param::UsersWordOfMouth, 1.2),
            (Param::UsersRequestsPerUser, 100.0),
        ],
    },
];

impl Preset {
    /// The preset with this id.
    ///
    /// # Errors
    /// [`Error::UnknownPreset`] naming the id and listing the known ones.
    pub fn find(id: &str) -> Result<&'static Preset, Error> {
        PRESETS
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| Error::UnknownPreset {
                given: id.into(),
                known: PRESETS.iter().map(|p| p.id).collect::<Vec<_>>().join(", "),
            })
    }

    /// The default parameters with this preset's settings applied.
    pub fn params(&self) -> Params {
        let mut params = Params::default();
        for &(param, value) in self.settings {
            // Preset values are checked against their ranges by the preset tests.
            if params.set(param, value).is_err() {
                debug_assert!(false, "preset {} sets {param:?} out of range", self.id);
            }
        }
        params
    }
}
