//! The eight layers of the flywheel, in loop order, and the unit of each layer's stock.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One layer of the network. The declaration order is the loop order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layer {
    Compute,
    Models,
    Applications,
    Users,
    Payments,
    Incentives,
    Verification,
    Trust,
}

impl Layer {
    /// Every layer, in loop order.
    pub const ALL: [Layer; 8] = [
        Layer::Compute,
        Layer::Models,
        Layer::Applications,
        Layer::Users,
        Layer::Payments,
        Layer::Incentives,
        Layer::Verification,
        Layer::Trust,
    ];

    /// Number of layers.
    pub const COUNT: usize = 8;

    /// The id used in parameter ids, URLs, JSON and CSV (`compute`, `models`, ...).
    pub fn id(self) -> &'static str {
        match self {
            Layer::Compute => "compute",
            Layer::Models => "models",
            Layer::Applications => "applications",
            Layer::Users => "users",
            Layer::Payments => "payments",
            Layer::Incentives => "incentives",
            Layer::Verification => "verification",
            Layer::Trust => "trust",
        }
    }

    /// Position in loop order, 0 to 7.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The layer with this id, if any.
    pub fn from_id(id: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|layer| layer.id() == id)
    }

    /// What the layer's stock counts, with its unit.
    pub fn stock_unit(self) -> &'static str {
        match self {
            Layer::Compute => "GPUs",
            Layer::Models => "hosted models",
            Layer::Applications => "applications",
            Layer::Users => "users",
            Layer::Payments => "$/week collected",
            Layer::Incentives => "$ in the incentive pool",
            Layer::Verification => "verifier nodes",
            Layer::Trust => "requests/week users trust the network with",
        }
    }

    /// The unit of the layer's demand, served, capacity and lost series.
    pub fn flow_unit(self) -> &'static str {
        match self {
            Layer::Incentives => "$/week",
            _ => "requests/week",
        }
    }

    /// All ids joined for error messages.
    pub fn known_ids() -> String {
        Layer::ALL.map(Layer::id).join(", ")
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
