# Le bot de configuration : ce que lisent les administrateurs.

setup-event-linked = ✅ { $name } est connecté à son groupe. Envoyez-lui un message pour tester : un sujet à votre nom apparaîtra dans le groupe.
setup-event-needs-login = ⚠️ Telegram a déconnecté { $name } ({ $reason }). Plus rien ne sera relayé avant votre reconnexion.
setup-event-failed = ❌ { $name } s'est arrêté : { $reason }. Redémarrez-le une fois le problème résolu.
setup-event-link-refused-not-forum = Les sujets sont désactivés dans le groupe que vous avez choisi pour { $name }. Activez <b>Sujets</b> dans les paramètres du groupe, puis renvoyez le lien.
setup-event-link-refused-missing-rights = Il manque à { $name } des droits d'administrateur dans le groupe que vous avez choisi. Accordez-lui les droits indiqués dans le groupe, puis renvoyez le lien.
setup-event-link-refused-other = Impossible de lier { $name } à ce groupe. Ouvrez la connexion et réessayez.
setup-button-open = Ouvrir { $name }
setup-button-relogin = Se reconnecter
setup-button-start = Démarrer
