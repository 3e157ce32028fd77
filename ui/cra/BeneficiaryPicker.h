#pragma once

#include <QList>
#include <QUuid>
#include <QWidget>

class FieldError;
class QCompleter;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QStandardItemModel;
class Store;

// Picks followed beneficiaries by typing part of their name (completion popup), one (an individual CRA) or several
// (the participants of a workshop), and creates a new one inline (prénom, nom, année de naissance) saved in the store
// at once.
class BeneficiaryPicker : public QWidget
{
    Q_OBJECT

public:
    enum class Mode { Single, Multiple };

    BeneficiaryPicker(Store &store, Mode mode, const QString &accessibleName, QWidget *parent = nullptr);

    QList<QUuid> selected() const { return m_selected; }
    void setSelected(const QList<QUuid> &ids);
    void reload(); // re-reads the beneficiaries from the store
    QLineEdit *searchEdit() const { return m_search; }
    QList<QWidget *> focusChain() const;

signals:
    void changed();

private:
    void add(const QUuid &id);
    void removeCurrent();
    void refreshSelection();
    void createBeneficiary();
    QString nameOf(const QUuid &id) const;

    Store &m_store;
    Mode m_mode;
    QList<QUuid> m_selected;
    QLineEdit *m_search = nullptr;
    QCompleter *m_completer = nullptr;
    QStandardItemModel *m_model = nullptr;
    QListWidget *m_list = nullptr; // Multiple
    QLabel *m_chosen = nullptr; // Single
    QPushButton *m_remove = nullptr;
    QPushButton *m_showCreate = nullptr;
    QWidget *m_createBox = nullptr;
    QLineEdit *m_prenom = nullptr;
    QLineEdit *m_nom = nullptr;
    QLineEdit *m_annee = nullptr;
    QPushButton *m_create = nullptr;
    FieldError *m_createError = nullptr;
};
